package org.ctplug.container;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.ctplug.host.ProcessStart;

/**
 * Remembers running containers' init PIDs between reconciles, so the daemon need not run
 * lxc-info (a fork and exec, milliseconds) on every uevent. A remembered PID is trusted only
 * while {@code /proc/<pid>/stat} shows the same start time: PIDs are reused, start times of
 * one PID are not. The start time goes with the status, so that live steps can check that the
 * PID they act on still names that init. Stopped or unknown containers are always asked again.
 */
public final class StatusCache {
    private final ContainerBackend backend;
    private final Path proc;
    private final Map<String, ContainerStatus> known = new HashMap<>();

    public StatusCache(ContainerBackend backend) {
        this(backend, Path.of("/proc"));
    }

    StatusCache(ContainerBackend backend, Path proc) {
        this.backend = backend;
        this.proc = proc;
    }

    public synchronized ContainerStatus status(String id) throws IOException {
        ContainerStatus k = known.get(id);
        if (k != null && ProcessStart.of(proc, k.initPid().getAsInt()).equals(k.initStart())) {
            return k;
        }
        known.remove(id);
        ContainerStatus fresh = backend.status(id);
        if (fresh.state() == RunState.RUNNING && fresh.initPid().isPresent()) {
            OptionalLong start = ProcessStart.of(proc, fresh.initPid().getAsInt());
            if (start.isPresent()) {
                ContainerStatus seen = new ContainerStatus(id, fresh.state(), fresh.initPid(), start);
                known.put(id, seen);
                return seen;
            }
        }
        return fresh;
    }
}
