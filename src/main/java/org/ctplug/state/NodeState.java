package org.ctplug.state;

import java.util.Objects;

/** A device node ctplug made inside a running container: its path there and its device number. */
public record NodeState(String path, int major, int minor) {
    public NodeState {
        Objects.requireNonNull(path, "path");
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("bad device number " + major + ":" + minor);
        }
    }
}
