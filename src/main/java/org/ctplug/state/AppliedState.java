package org.ctplug.state;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the last apply left behind, keyed by container id. {@code triggeredDevpaths} are the
 * devices that had a ctplug rule then: the next rules change triggers them too, so links of
 * removed entries go away. {@code majors}: the last major seen per entry, so an unplugged
 * device keeps its mount entry (its exact grant goes: minors are reused), and an unplug alone
 * restarts nothing. {@code restarting}: containers ctplug began to restart and has not seen
 * running again; one found stopped is started, so a crash between stop and start never leaves
 * a container down. {@code udevPending}: the rules file was (or was about to be) written, and
 * udev has not yet been told to reload it and replay the devices; the next reconcile does that
 * even though the file already holds the new rules.
 */
public record AppliedState(Map<String, ContainerState> containers, List<String> triggeredDevpaths,
                           Map<String, Integer> majors, Set<String> restarting, boolean udevPending) {
    public static final AppliedState EMPTY = new AppliedState(Map.of(), List.of(), Map.of());

    public AppliedState {
        containers = Map.copyOf(containers);
        triggeredDevpaths = List.copyOf(triggeredDevpaths);
        majors = Map.copyOf(majors);
        restarting = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(restarting));
    }

    public AppliedState(Map<String, ContainerState> containers, List<String> triggeredDevpaths,
                        Map<String, Integer> majors) {
        this(containers, triggeredDevpaths, majors, Set.of(), false);
    }

    public AppliedState withRestarting(Set<String> ids) {
        return new AppliedState(containers, triggeredDevpaths, majors, ids, udevPending);
    }

    // written out, as ConfigLine's: a record's own equals and hashCode call through method
    // handles bound at their first call; every pass compares the new state with the old
    @Override
    public boolean equals(Object o) {
        return o instanceof AppliedState s && udevPending == s.udevPending && containers.equals(s.containers)
                && triggeredDevpaths.equals(s.triggeredDevpaths) && majors.equals(s.majors)
                && restarting.equals(s.restarting);
    }

    @Override
    public int hashCode() {
        return Objects.hash(containers, triggeredDevpaths, majors, restarting, udevPending);
    }
}
