package org.ctplug.plan;

import java.util.Optional;
import org.ctplug.container.ContainerStatus;

/** What the planner knows of one container: its run state and its config text (empty when the file is missing). */
public record ContainerView(ContainerStatus status, Optional<String> config) {}
