package org.ctplug.state;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the last apply left behind, keyed by container id. {@code triggeredDevpaths} are the
 * devices that had a ctplug rule then: the next rules change triggers them too, so links of
 * removed entries go away. {@code majors}: the last major seen per entry, so an unplugged
 * device keeps its mount entry (its exact grant goes: minors are reused), and an unplug alone
 * restarts nothing. {@code restarting}: containers ctplug began to restart and has not seen
 * running again; one found stopped is started, so a crash between stop and start never leaves
 * a container down.
 */
public record AppliedState(Map<String, ContainerState> containers, List<String> triggeredDevpaths,
                           Map<String, Integer> majors, Set<String> restarting) {
    public static final AppliedState EMPTY = new AppliedState(Map.of(), List.of(), Map.of());

    public AppliedState {
        containers = Map.copyOf(containers);
        triggeredDevpaths = List.copyOf(triggeredDevpaths);
        majors = Map.copyOf(majors);
        restarting = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(restarting));
    }

    public AppliedState(Map<String, ContainerState> containers, List<String> triggeredDevpaths,
                        Map<String, Integer> majors) {
        this(containers, triggeredDevpaths, majors, Set.of());
    }

    public AppliedState withContainers(Map<String, ContainerState> replaced) {
        return new AppliedState(replaced, triggeredDevpaths, majors, restarting);
    }

    public AppliedState withRestarting(Set<String> ids) {
        return new AppliedState(containers, triggeredDevpaths, majors, ids);
    }
}
