package org.ctplug.mapping;

import java.nio.file.Path;
import java.util.Objects;

/** One thing wrong with a mapping file, at a 1-based line and column. */
public record Problem(Path file, int line, int column, String message) {
    public Problem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    /** {@code FILE:LINE:COL: message}, the form editors and compilers use. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
