package org.ctplug.state;

import java.util.Objects;

/**
 * A device node a container has through ctplug: its path there, its device number, and the init
 * PID of the container instance that has it (0: the instance started next, from its config).
 */
public record NodeState(String path, int major, int minor, int initPid) {
    public NodeState {
        Objects.requireNonNull(path, "path");
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("bad device number " + major + ":" + minor);
        }
        if (initPid < 0) {
            throw new IllegalArgumentException("bad init pid " + initPid);
        }
    }

    // written out, as ConfigLine's: a record's own equals and hashCode call through method
    // handles bound at their first call; every pass compares the new state with the old
    @Override
    public boolean equals(Object o) {
        return o instanceof NodeState n && major == n.major && minor == n.minor && initPid == n.initPid
                && path.equals(n.path);
    }

    @Override
    public int hashCode() {
        return ((path.hashCode() * 31 + major) * 31 + minor) * 31 + initPid;
    }
}
