package org.ctplug.container;

import java.util.Objects;
import java.util.OptionalInt;

/** A container's run state and, while it runs, the host PID of its init. */
public record ContainerStatus(String id, RunState state, OptionalInt initPid) {
    public ContainerStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(initPid, "initPid");
    }
}
