package org.ctplug.plan;

import java.util.Set;

/**
 * Why restarts wait in one pass.
 *
 * @param limited  the containers the rate limit holds back right now
 * @param settling device events are still arriving (a burst of re-plugs, a stick's second port):
 *                 every restart waits until they pause, so that it starts the container with the
 *                 devices as they end up rather than with the device that was away for a moment
 */
public record RestartHold(Set<String> limited, boolean settling) {
    /** Nothing waits: what {@code apply} runs with. */
    public static final RestartHold NONE = new RestartHold(Set.of(), false);

    public RestartHold {
        limited = Set.copyOf(limited);
    }

    /** Only the rate limit holds these back. */
    public static RestartHold limited(Set<String> ids) {
        return new RestartHold(ids, false);
    }

    /** Whether the container's restart must wait this pass. */
    public boolean holds(String id) {
        return settling || limited.contains(id);
    }
}
