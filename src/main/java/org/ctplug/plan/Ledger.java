package org.ctplug.plan;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.ctplug.container.ConfigLine;
import org.ctplug.state.AppliedState;
import org.ctplug.state.ContainerState;
import org.ctplug.state.MadePath;
import org.ctplug.state.NodeState;
import org.ctplug.state.StateStore;

/**
 * What the state file says while a plan runs. It is written ahead of every step whose effect
 * ctplug must not forget: before the first container config write it names every line the plan
 * may add (old lines and new ones: a superset is safe, since a removal takes out only what is
 * there), before the first link it makes the links and directories it may make, and before
 * each restart the container about to be stopped. A crash, a watchdog kill or
 * a full disk at any point then leaves a state from which the next reconcile converges, and
 * {@code release} still knows every line ctplug wrote.
 */
final class Ledger {
    private final StateStore store;
    private final Plan plan;
    private final AppliedState old;
    private final Set<String> restarting;
    private Map<String, ContainerState> containers;
    private boolean linesRecorded;
    private boolean linksRecorded;
    private boolean udevPending;
    private boolean udevFailed;

    Ledger(StateStore store, Plan plan, AppliedState old) {
        this.store = store;
        this.plan = plan;
        this.old = old;
        this.containers = new TreeMap<>(old.containers());
        this.restarting = new TreeSet<>(plan.newState().restarting());
        this.udevPending = old.udevPending();
    }

    /**
     * Before the udev rules file is written: until udev reloads it and replays the devices, the
     * file alone would make the next reconcile think the rules are in force. The config lines
     * are recorded in the same write.
     */
    void beforeRulesWrite() throws IOException {
        udevPending = true;
        linesRecorded = false;
        beforeConfigWrite();
    }

    /** A reload or trigger failed: the next reconcile must do them again. */
    void udevFailed() {
        udevFailed = true;
    }

    /** Before a container's config is written; the first call records the lines of every config the plan writes. */
    void beforeConfigWrite() throws IOException {
        if (linesRecorded) {
            return;
        }
        Map<String, ContainerState> next = new TreeMap<>(containers);
        for (Action.WriteFile w : plan.actionsOf(Action.WriteFile.class)) {
            w.container().ifPresent(id -> merged(id, next.get(id)).ifPresentOrElse(s -> next.put(id, s),
                    () -> next.remove(id)));
        }
        write(next, restarting);
        containers = next;
        linesRecorded = true;
    }

    /**
     * Before the first link the plan makes: the links and directories it may make in each
     * container, so that whatever a crash leaves of them is known as ctplug's.
     */
    void beforeLinks() throws IOException {
        if (linksRecorded) {
            return;
        }
        Map<String, ContainerState> next = new TreeMap<>(containers);
        plan.actionsOf(Action.MakeLink.class).stream().map(Action.MakeLink::container).distinct()
                .forEach(id -> merged(id, next.get(id)).ifPresentOrElse(s -> next.put(id, s), () -> next.remove(id)));
        write(next, restarting);
        containers = next;
        linksRecorded = true;
    }

    /** Before a container is stopped: a crash before it runs again must not leave it down. */
    void beforeRestart(String id) throws IOException {
        Set<String> next = new TreeSet<>(restarting);
        next.add(id);
        write(containers, next);
        restarting.add(id);
    }

    /** The container runs again (restarted or started): nothing left to finish. */
    void running(String id) {
        restarting.remove(id);
    }

    /**
     * The state once the plan ran. A container with a failed step keeps the nodes recorded before,
     * so the next reconcile tries them again, and every line that may be in its config now.
     */
    AppliedState finish(Set<String> failedContainers) {
        Map<String, ContainerState> end = new TreeMap<>(plan.newState().containers());
        for (String id : failedContainers) {
            merged(id, containers.get(id)).ifPresentOrElse(s -> end.put(id, s), () -> end.remove(id));
        }
        return new AppliedState(end, plan.newState().triggeredDevpaths(), plan.newState().majors(), restarting,
                udevPending && udevFailed);
    }

    void write(AppliedState state) throws IOException {
        store.write(state);
    }

    /**
     * The lines, links and link directories recorded so far and those the plan adds, with the
     * nodes recorded before the plan; empty when that holds nothing.
     */
    private Optional<ContainerState> merged(String id, ContainerState recorded) {
        Optional<ContainerState> planned = Optional.ofNullable(plan.newState().containers().get(id));
        List<ConfigLine> lines = union(recorded, planned, ContainerState::addedLines);
        List<MadePath> links = union(recorded, planned, ContainerState::links);
        List<MadePath> dirs = union(recorded, planned, ContainerState::linkDirs);
        List<NodeState> nodes = Optional.ofNullable(old.containers().get(id)).map(ContainerState::nodes)
                .orElse(List.of());
        if (lines.isEmpty() && nodes.isEmpty() && links.isEmpty() && dirs.isEmpty()) {
            return Optional.empty();
        }
        // lines or nodes come from the plan or from what was recorded: one of them names the backend
        String backend = planned.or(() -> Optional.ofNullable(recorded))
                .or(() -> Optional.ofNullable(old.containers().get(id))).orElseThrow().backend();
        return Optional.of(new ContainerState(backend, lines, nodes, links, dirs));
    }

    private static <T> List<T> union(ContainerState recorded, Optional<ContainerState> planned,
                                     java.util.function.Function<ContainerState, List<T>> part) {
        List<T> all = new ArrayList<>();
        if (recorded != null) {
            all.addAll(part.apply(recorded));
        }
        planned.ifPresent(p -> part.apply(p).stream().filter(x -> !all.contains(x)).forEach(all::add));
        return all;
    }

    private void write(Map<String, ContainerState> state, Set<String> restartingNow) throws IOException {
        store.write(new AppliedState(state, old.triggeredDevpaths(), old.majors(), restartingNow, udevPending));
    }
}
