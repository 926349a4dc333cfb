package org.ctplug.state;

import java.util.List;
import java.util.Objects;

import org.ctplug.container.ConfigLine;

/**
 * What ctplug did to one container: the config lines it added (and so may remove again; a line
 * the user wrote is never among them) and the live nodes it made.
 */
public record ContainerState(String backend, List<ConfigLine> addedLines, List<NodeState> nodes) {
    public ContainerState {
        Objects.requireNonNull(backend, "backend");
        addedLines = List.copyOf(addedLines);
        nodes = List.copyOf(nodes);
    }
}
