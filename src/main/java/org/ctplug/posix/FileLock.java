package org.ctplug.posix;

import java.nio.file.Path;

/**
 * A held flock(2). Closing it unlocks and closes the descriptor; the kernel also drops the lock
 * when the process dies, so a crash never leaves a container config locked.
 */
public final class FileLock implements AutoCloseable {
    interface Release {
        void release();
    }

    private final Path path;
    private final Release release;
    private boolean closed;

    FileLock(Path path, Release release) {
        this.path = path;
        this.release = release;
    }

    public Path path() {
        return path;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            release.release();
        }
    }
}
