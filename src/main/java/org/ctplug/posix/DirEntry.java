package org.ctplug.posix;

import java.util.Objects;

/**
 * One entry of a directory as {@link Posix#listBeneath} found it: its name, its lstat, and for a
 * symlink the text it holds ({@code target}; empty for anything else, as a symlink never is).
 */
public record DirEntry(String name, FileStatus status, String target) {
    public DirEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(target, "target");
    }

    public boolean isSymlink() {
        return (status.mode() & 0170000) == 0120000;
    }
}
