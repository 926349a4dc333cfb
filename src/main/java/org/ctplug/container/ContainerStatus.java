package org.ctplug.container;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A container's run state and, while it runs, the host PID of its init and that process's start
 * time (clock ticks since boot), which tells the init from a later process given the same PID.
 * The backends report no start time; {@link StatusCache} reads it when it learns the PID.
 */
public record ContainerStatus(String id, RunState state, OptionalInt initPid, OptionalLong initStart) {
    public ContainerStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(initPid, "initPid");
        Objects.requireNonNull(initStart, "initStart");
    }

    public ContainerStatus(String id, RunState state, OptionalInt initPid) {
        this(id, state, initPid, OptionalLong.empty());
    }
}
