package org.ctplug.posix;

import java.nio.file.Path;
import org.ctplug.sys.FileCalls;

/**
 * A directory held open for the lookups {@link Posix} makes beneath it: a container's root,
 * reached through {@code /proc/<pid>/root} once for all the paths a pass looks at in it, where
 * each lookup reached it again. The descriptor names the root it was opened on for as long as
 * it is open, whatever becomes of the path.
 */
public final class Root implements AutoCloseable {
    private final int fd;
    private final Path path;
    private boolean closed;

    Root(int fd, Path path) {
        this.fd = fd;
        this.path = path;
    }

    int fd() {
        return fd;
    }

    /** The path it was opened on, for messages. */
    public Path path() {
        return path;
    }

    @Override
    public void close() {
        // once: a second close would close whatever descriptor took the number since
        if (!closed) {
            closed = true;
            FileCalls.close(fd);
        }
    }
}
