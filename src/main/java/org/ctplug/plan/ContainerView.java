package org.ctplug.plan;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ctplug.container.ContainerStatus;

/**
 * What the planner knows of one container: its run state, its config text (empty when the file
 * is missing) and, while it runs, what is really at each path ctplug may own inside it and in
 * the directories that hold udev links there.
 */
public record ContainerView(ContainerStatus status, Optional<String> config, Map<String, SeenNode> nodes,
                            SeenLinks links) {
    public ContainerView {
        nodes = Map.copyOf(nodes);
        Objects.requireNonNull(links, "links");
    }

    /** A running container whose link directories hold nothing. */
    public ContainerView(ContainerStatus status, Optional<String> config, Map<String, SeenNode> nodes) {
        this(status, config, nodes, SeenLinks.NONE);
    }

    /** A container whose nodes were not looked at (it is not running). */
    public ContainerView(ContainerStatus status, Optional<String> config) {
        this(status, config, Map.of());
    }

    /** What is at the path; absent when it was not looked at. */
    public SeenNode seen(String path) {
        return nodes.getOrDefault(path, new SeenNode.Absent());
    }
}
