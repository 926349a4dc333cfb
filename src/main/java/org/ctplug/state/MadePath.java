package org.ctplug.state;

import java.util.Objects;

/**
 * A symlink or a directory ctplug made in a running container, and the init PID of the
 * container instance it was made in: a restart gives the container a fresh /dev, where it is gone.
 */
public record MadePath(String path, int initPid) {
    public MadePath {
        Objects.requireNonNull(path, "path");
        if (initPid < 0) {
            throw new IllegalArgumentException("bad init pid " + initPid);
        }
    }
}
