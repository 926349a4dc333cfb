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
}
