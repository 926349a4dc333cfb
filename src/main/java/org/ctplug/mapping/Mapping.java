package org.ctplug.mapping;

import org.ctplug.exec.ToolPaths;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A valid devices.yaml.
 *
 * @param backend the effective backend: never {@link BackendKind#AUTO}
 * @param entries in file order
 */
public record Mapping(Path file, BackendKind backend, Defaults defaults, ToolPaths tools, DaemonSettings daemon,
                      List<MappingEntry> entries) {
    public Mapping {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(backend, "backend");
        if (backend == BackendKind.AUTO) {
            throw new IllegalArgumentException("backend must be resolved, not AUTO");
        }
        Objects.requireNonNull(defaults, "defaults");
        Objects.requireNonNull(tools, "tools");
        Objects.requireNonNull(daemon, "daemon");
        entries = List.copyOf(entries);
    }
}
