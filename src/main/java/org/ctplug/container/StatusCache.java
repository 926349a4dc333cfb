package org.ctplug.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers running containers' init PIDs between reconciles, so the daemon need not run
 * lxc-info (a fork and exec, milliseconds) on every uevent. A remembered PID is trusted only
 * while {@code /proc/<pid>/stat} shows the same start time: PIDs are reused, start times of
 * one PID are not. Stopped or unknown containers are always asked again.
 */
public final class StatusCache {
    private record Known(ContainerStatus status, String startTime) {}

    private final ContainerBackend backend;
    private final Path proc;
    private final Map<String, Known> known = new HashMap<>();

    public StatusCache(ContainerBackend backend) {
        this(backend, Path.of("/proc"));
    }

    StatusCache(ContainerBackend backend, Path proc) {
        this.backend = backend;
        this.proc = proc;
    }

    public synchronized ContainerStatus status(String id) throws IOException {
        Known k = known.get(id);
        if (k != null && startTime(k.status().initPid().getAsInt()).filter(k.startTime()::equals).isPresent()) {
            return k.status();
        }
        known.remove(id);
        ContainerStatus fresh = backend.status(id);
        if (fresh.state() == RunState.RUNNING && fresh.initPid().isPresent()) {
            startTime(fresh.initPid().getAsInt()).ifPresent(t -> known.put(id, new Known(fresh, t)));
        }
        return fresh;
    }

    /** Field 22 of /proc/<pid>/stat, counted after the command name, which may hold spaces and ')'. */
    private Optional<String> startTime(int pid) throws IOException {
        String stat;
        try {
            stat = Files.readString(proc.resolve(String.valueOf(pid)).resolve("stat"));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return fields.length > 19 ? Optional.of(fields[19]) : Optional.empty();
    }
}
