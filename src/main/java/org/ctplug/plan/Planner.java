package org.ctplug.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.ctplug.container.RunState;
import org.ctplug.mapping.ContainerRef;
import org.ctplug.mapping.MappingEntry;
import org.ctplug.state.AppliedState;
import org.ctplug.state.ContainerState;
import org.ctplug.udev.RulesRenderer;

/**
 * The one planner behind {@code apply --dry-run}, {@code apply} and {@code daemon}: from the whole
 * device table, the mapping and what ctplug did before, it computes every change needed now.
 * Level-triggered: it never looks at the event that woke it up. An event only narrows which
 * containers the observer looked at ({@link PlanInput#scope()}); the others keep their record.
 */
public final class Planner {
    private Planner() {}

    public static Plan plan(PlanInput in) {
        MatchResult match = Matcher.match(in.mapping().entries(), in.devices());
        List<Action> actions = new ArrayList<>();
        List<String> notes = new ArrayList<>(new TreeSet<>(match.entryErrors().values()));
        List<String> bound = new ArrayList<>(match.bindings().size());
        for (Binding b : match.bindings()) {
            notes.addAll(LinkCheck.refusals(b.entry(), b.device()));
            bound.add(b.device().devpath());
        }
        bound.sort(null);
        String rules = RulesRenderer.render(match.usableEntries());
        // pending: an apply ended after writing the rules and before udev loaded them
        if (!rules.equals(in.currentRules()) || in.state().udevPending()) {
            if (!rules.equals(in.currentRules())) {
                actions.add(new Action.WriteFile(in.rulesFile(), in.currentRules(), rules, java.util.Optional.empty(),
                        java.util.Optional.empty()));
            }
            actions.add(new Action.ReloadUdev());
            // links of entries that went away must go too: replay the devices matched before and after
            Set<String> union = new TreeSet<>(in.state().triggeredDevpaths());
            union.addAll(bound);
            if (!union.isEmpty()) {
                actions.add(new Action.TriggerDevices(sysPaths(union)));
            }
        } else if (!in.handledBeforeRules().isEmpty()) {
            List<String> replay = handledWithoutItsRule(match.bindings(), in.handledBeforeRules());
            if (!replay.isEmpty()) {
                actions.add(new Action.TriggerDevices(replay));
            }
        }

        Map<String, Integer> majors = new TreeMap<>();
        Set<String> ids = new TreeSet<>(in.state().containers().keySet());
        for (MappingEntry e : match.usableEntries()) {
            Integer major = in.state().majors().get(e.name());
            if (major != null) {
                majors.put(e.name(), major);
            }
            for (ContainerRef c : e.containers()) {
                ids.add(c.id());
            }
        }
        for (Binding b : match.bindings()) {
            majors.put(b.entry().name(), b.device().major());
        }
        Map<String, ContainerState> containers = new TreeMap<>();
        boolean retry = false;
        for (String id : ids) {
            if (!in.inScope(id)) {
                // no device of its changed: kept as recorded, without a look at it
                ContainerState kept = in.state().containers().get(id);
                if (kept != null) {
                    containers.put(id, kept);
                }
                continue;
            }
            List<Feed> feeds = new ArrayList<>();
            for (MappingEntry e : match.usableEntries()) {
                for (ContainerRef ref : e.containers()) {
                    if (ref.id().equals(id)) {
                        feeds.add(new Feed(e, ref, match.bindingOf(e.name()),
                                java.util.Optional.ofNullable(majors.get(e.name()))));
                    }
                }
            }
            ContainerPlanner.Result r = new ContainerPlanner(in, id, feeds).plan();
            actions.addAll(r.actions());
            notes.addAll(r.notes());
            retry |= r.retry();
            if (r.state().isPresent()) {
                containers.put(id, r.state().get());
            }
        }
        Set<String> restarting = new TreeSet<>();
        for (String id : in.state().restarting()) {
            ContainerView view = in.containers().get(id);
            RunState run = view == null ? RunState.UNKNOWN : view.status().state();
            if (run == RunState.STOPPED) {
                // ctplug stopped it for a restart and was ended before it started it again
                actions.add(new Action.StartContainer(id));
            }
            if (run != RunState.RUNNING) {
                // stays recorded until it is seen running: a start that fails is tried again
                restarting.add(id);
            }
        }
        AppliedState newState = new AppliedState(containers, bound, majors, restarting, false);
        // a clash of two links is the same note for every container both go to
        List<String> distinct = List.copyOf(new java.util.LinkedHashSet<>(notes));
        return new Plan(orderActions(actions), distinct, newState, !newState.equals(in.state()), retry);
    }

    /**
     * The devices (their sysfs paths) that udev last handled before it loaded ctplug's rules
     * without the rule an entry now bound to them has: one that came while the rules file was
     * being written has no link, mode or group of its entry on the host (or those of the entry
     * before the mapping changed), and a restart would start its container without the mount
     * entry's source. Each is replayed.
     */
    private static List<String> handledWithoutItsRule(List<Binding> bindings, Map<String, Optional<String>> before) {
        Set<String> replay = new TreeSet<>();
        for (Binding b : bindings) {
            Optional<String> gave = before.get(b.device().devpath());
            if (gave == null) {
                continue;
            }
            // one binding per device: a device two entries match is bound to neither (Matcher)
            if (!gave.equals(Optional.of(RulesRenderer.mark(b.entry())))) {
                replay.add(b.device().devpath());
            }
        }
        return sysPaths(replay);
    }

    /** Devpaths as the sysfs paths a trigger names. */
    private static List<String> sysPaths(Set<String> devpaths) {
        List<String> paths = new ArrayList<>(devpaths.size());
        for (String p : devpaths) {
            paths.add("/sys" + p);
        }
        return paths;
    }

    /**
     * The udev rules first, when they change (a mapping change, not a plug): the trigger that
     * follows them replays add events, which must not come after a live step acted on a device
     * already gone. Then the live changes: a running container is waiting for them, and nothing in
     * them reads a file ctplug writes (each file write costs two fsyncs). Then the container
     * configs, restarts (and starts of containers a crash left stopped mid-restart) last: they
     * must see the new config. Denies come first: access to a device that is gone is taken back
     * as its node goes (on cgroup2 the monitor's answer is read after the nodes are removed, and
     * before any allow), and a denied whole-major rule of an older release must not take the
     * exact grant that replaces it along. A container's links follow its nodes (a node is
     * usable before its links are there), the directories emptied of them last. What a crash between them leaves is seen and
     * finished by the next reconcile, which looks at what each container has.
     */
    private static List<Action> orderActions(List<Action> actions) {
        List<Action> ordered = new ArrayList<>(actions);
        ordered.sort(BY_RANK); // stable: each container's actions of a kind keep their order
        return ordered;
    }

    private static final java.util.Comparator<Action> BY_RANK = java.util.Comparator.comparingInt(Planner::rank);
    private static final List<Class<? extends Action>> ORDER = List.of(Action.ReloadUdev.class,
            Action.TriggerDevices.class, Action.DenyDevice.class, Action.StoreNode.class, Action.RemoveNode.class,
            Action.AllowDevice.class, Action.InjectNode.class, Action.RemoveLink.class, Action.MakeLink.class,
            Action.RemoveLinkDirs.class);

    /** An action's place in {@link #orderActions}: the rules file, the kinds in ORDER, configs, restarts. */
    private static int rank(Action a) {
        if (a instanceof Action.WriteFile w) {
            return w.container().isEmpty() ? 0 : ORDER.size() + 1;
        }
        if (a instanceof Action.RestartContainer || a instanceof Action.StartContainer) {
            return ORDER.size() + 2;
        }
        return ORDER.indexOf(a.getClass()) + 1;
    }

    /** One mapping entry feeding one container, with its present device (if any) and last known major. */
    record Feed(MappingEntry entry, ContainerRef ref, java.util.Optional<Binding> binding,
                java.util.Optional<Integer> major) {
        /** The node's path inside; unknown while a device whose kernel name gives it is away. */
        java.util.Optional<String> path() {
            return ref.path().or(() -> binding.map(b -> ref.pathFor(b.device().devname())));
        }
    }
}
