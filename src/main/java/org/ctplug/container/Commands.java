package org.ctplug.container;

import java.nio.file.Path;


/** Host paths of the backends, moved under --root. */
final class Commands {
    private Commands() {}

    /** An absolute host path moved under {@code --root}. */
    static Path under(Path root, String absolute) {
        return root.resolve(absolute.replaceFirst("^/+", ""));
    }
}
