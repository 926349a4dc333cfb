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

    // written out, as ConfigLine's: a record's own equals and hashCode call through method
    // handles bound at their first call; every pass compares the new state with the old
    @Override
    public boolean equals(Object o) {
        return o instanceof MadePath m && initPid == m.initPid && path.equals(m.path);
    }

    @Override
    public int hashCode() {
        return path.hashCode() * 31 + initPid;
    }
}
