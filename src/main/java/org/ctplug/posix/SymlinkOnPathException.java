package org.ctplug.posix;

import java.io.IOException;
import java.nio.file.Path;

/** A directory on the way to a path is a symlink, which a lookup in a container's tree never follows. */
public final class SymlinkOnPathException extends IOException {
    private static final long serialVersionUID = 1L;

    public SymlinkOnPathException(Path link) {
        super(link + " is a symlink (ELOOP): not followed");
    }
}
