package org.ctplug.state;

import java.util.List;
import java.util.Map;

/**
 * What the last apply left behind, keyed by container id. {@code triggeredDevpaths} are the
 * devices that had a ctplug rule then: the next rules change triggers them too, so links of
 * removed entries go away. {@code majors}: the last major seen per entry, so an unplugged
 * device keeps its mount entry (its exact grant goes: minors are reused), and an unplug alone
 * restarts nothing.
 */
public record AppliedState(Map<String, ContainerState> containers, List<String> triggeredDevpaths,
                           Map<String, Integer> majors) {
    public static final AppliedState EMPTY = new AppliedState(Map.of(), List.of(), Map.of());

    public AppliedState {
        containers = Map.copyOf(containers);
        triggeredDevpaths = List.copyOf(triggeredDevpaths);
        majors = Map.copyOf(majors);
    }
}
