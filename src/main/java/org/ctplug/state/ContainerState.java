package org.ctplug.state;

import java.util.List;
import java.util.Objects;

import org.ctplug.container.ConfigLine;

/**
 * What ctplug did to one container: the config lines it added (and so may remove again; a line
 * the user wrote is never among them), the live nodes it made, and the udev links and the
 * directories for them it made in the running instance (so it removes only directories it made,
 * and knows its links outside the standard trees).
 */
public record ContainerState(String backend, List<ConfigLine> addedLines, List<NodeState> nodes,
                             List<MadePath> links, List<MadePath> linkDirs) {
    public ContainerState {
        Objects.requireNonNull(backend, "backend");
        addedLines = List.copyOf(addedLines);
        nodes = List.copyOf(nodes);
        links = List.copyOf(links);
        linkDirs = List.copyOf(linkDirs);
    }

    /** A container in which ctplug made no link. */
    public ContainerState(String backend, List<ConfigLine> addedLines, List<NodeState> nodes) {
        this(backend, addedLines, nodes, List.of(), List.of());
    }

    /** Whether this records nothing at all, so the container needs no entry in the state. */
    public boolean isEmpty() {
        return addedLines.isEmpty() && nodes.isEmpty() && links.isEmpty() && linkDirs.isEmpty();
    }

    // written out, as ConfigLine's: a record's own equals and hashCode call through method
    // handles bound at their first call; every pass compares the new state with the old
    @Override
    public boolean equals(Object o) {
        return o instanceof ContainerState s && backend.equals(s.backend) && addedLines.equals(s.addedLines)
                && nodes.equals(s.nodes) && links.equals(s.links) && linkDirs.equals(s.linkDirs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(backend, addedLines, nodes, links, linkDirs);
    }
}
