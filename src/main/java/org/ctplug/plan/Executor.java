package org.ctplug.plan;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ctplug.container.AtomicFiles;
import org.ctplug.container.ContainerBackend;
import org.ctplug.container.DeviceCgroup;
import org.ctplug.exec.CommandRunner;
import org.ctplug.exec.ToolPaths;
import org.ctplug.live.InitProofs;
import org.ctplug.live.LiveLinks;
import org.ctplug.live.LiveNodes;
import org.ctplug.live.LiveTarget;
import org.ctplug.live.RefusedException;
import org.ctplug.posix.FileLock;
import org.ctplug.posix.Posix;
import org.ctplug.state.AppliedState;
import org.ctplug.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link Plan}. A failed step is logged and the rest goes on; the container it
 * concerned keeps its old recorded nodes, so the next reconcile tries again, and every config
 * line that may now be in its config (see {@link Ledger}).
 */
public final class Executor {
    private static final Logger LOG = LoggerFactory.getLogger(Executor.class);

    /**
     * What a run did: failures (for the exit code), the containers restarted, and each step
     * taken in order with its error, if any (what {@code status} shows as a container's last action).
     */
    public record Outcome(List<String> failures, List<String> restarted, List<Step> steps) {
        public static final Outcome NOTHING = new Outcome(List.of(), List.of(), List.of());

        public Outcome {
            failures = List.copyOf(failures);
            restarted = List.copyOf(restarted);
            steps = List.copyOf(steps);
        }

        public boolean ok() {
            return failures.isEmpty();
        }

        /** Whether a step of this kind was carried out without an error. */
        public boolean made(Class<? extends Action> kind) {
            for (Step step : steps) {
                if (kind.isInstance(step.action()) && step.error().isEmpty()) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * One action carried out; {@code error} says why it failed, {@code endedNanos} is
     * {@link System#nanoTime()} when it ended (for the daemon's per-phase timing).
     */
    public record Step(Action action, Optional<String> error, long endedNanos) {
        public Step(Action action, Optional<String> error) {
            this(action, error, System.nanoTime());
        }
    }

    private final ContainerBackend backend;
    private final ToolPaths tools;
    private final CommandRunner runner;
    private final Posix posix;
    private final LiveNodes live;
    private final StateStore stateStore;
    private final Duration lockTimeout;
    private final DeviceCgroup cgroup;
    private final InitCheck initCheck;
    private final LiveLinks links = new LiveLinks();

    /**
     * Proves that a PID still names the container's init before any live step acts on it by
     * that PID (the device cgroup is found from it too); the proof serves the pass's other steps.
     */
    @FunctionalInterface
    interface InitCheck {
        /** @throws RefusedException when the PID names another process, or one in the host's mount namespace */
        void verify(InitProofs proofs, LiveTarget target) throws IOException;
    }

    private Runnable liveStepsDone = () -> { };

    public Executor(ContainerBackend backend, ToolPaths tools, CommandRunner runner, Posix posix, LiveNodes live,
                    DeviceCgroup cgroup, StateStore stateStore, Duration lockTimeout) {
        this(backend, tools, runner, posix, live, cgroup, stateStore, lockTimeout, InitProofs::prove);
    }

    Executor(ContainerBackend backend, ToolPaths tools, CommandRunner runner, Posix posix, LiveNodes live,
             DeviceCgroup cgroup, StateStore stateStore, Duration lockTimeout, InitCheck initCheck) {
        this.initCheck = initCheck;
        this.backend = backend;
        this.tools = tools;
        this.runner = runner;
        this.posix = posix;
        this.live = live;
        this.stateStore = stateStore;
        this.lockTimeout = lockTimeout;
        this.cgroup = cgroup;
    }

    /**
     * Runs {@code done} on the executing thread once a pass's live steps (rules, nodes, links) are
     * made, before the configs, restarts and records after them; the daemon lowers its thread's
     * priority there.
     */
    public void whenLiveStepsDone(Runnable done) {
        liveStepsDone = done;
    }

    /** @param restartBlocked the restarts that wait this pass: no fallback restart for them either */
    public Outcome execute(Plan plan, AppliedState oldState, RestartHold restartBlocked) {
        try (InitProofs proofs = new InitProofs()) {
            return execute(plan, oldState, restartBlocked, proofs);
        }
    }

    private Outcome execute(Plan plan, AppliedState oldState, RestartHold restartBlocked, InitProofs proofs) {
        List<String> failures = new ArrayList<>();
        List<String> restarted = new ArrayList<>();
        Set<String> failedContainers = new HashSet<>();
        Set<String> fallbackRestart = new HashSet<>();
        List<Step> steps = new ArrayList<>();
        Ledger ledger = new Ledger(stateStore, plan, oldState);
        Set<String> refused = new HashSet<>();
        // a live step's line is logged once the live steps are over: a log line costs more than
        // the cgroup rule it reports, and the container waits for its node
        List<Action> unlogged = new ArrayList<>();
        // denies sent to an LXC monitor whose answers come while the nodes are removed
        List<SentRule> underway = new ArrayList<>();
        // allows sent to LXC monitors, each answer read once its node is ready, before the node's
        // path is touched (the planner puts every allow before every node)
        List<SentRule> allowing = new ArrayList<>();
        boolean liveOver = false;
        for (Action action : plan.actions()) {
            if (!(action instanceof Action.DenyDevice || action instanceof Action.RemoveNode)) {
                settleAll(underway, steps, failures, failedContainers, unlogged);
            }
            // the node step's own allow, if one is under way; any other step, a node without its
            // own allow among them, waits for all of them
            SentRule gate = action instanceof Action.InjectNode n ? take(allowing, n) : null;
            if (!(action instanceof Action.AllowDevice) && gate == null) {
                settleAll(allowing, steps, failures, failedContainers, unlogged);
            }
            if (!liveOver && afterLiveSteps(action)) {
                liveOver = true;
                liveStepsDone.run();
            }
            String container = containerOf(action).orElse(null);
            Optional<LiveTarget> target = liveTarget(action);
            // a PID that is not the container's init gets no live step at all, not even a deny:
            // its device cgroup is not the container's
            if (target.isPresent() && refused.contains(target.get().container())) {
                settle(gate, steps, failures, failedContainers, unlogged);
                continue;
            }
            // after a failed live step the container's other live steps are moot, but a deny is
            // still sent (a minor is reused) and its config still written: the fallback restart
            // must start it with the new lines; and one a crash left stopped is started whatever failed.
            // Links stand alone: one refused (a mount over its directory) keeps no other from being made
            if (container != null && failedContainers.contains(container)
                    && !(action instanceof Action.RestartContainer) && !(action instanceof Action.WriteFile)
                    && !(action instanceof Action.DenyDevice) && !(action instanceof Action.StartContainer)
                    && !isLinkStep(action)) {
                settle(gate, steps, failures, failedContainers, unlogged);
                continue;
            }
            if (target.isEmpty()) {
                logDone(unlogged);
            }
            CrashHook.boundary(() -> "before " + action.describe());
            try {
                if (action instanceof Action.RestartContainer r) {
                    fallbackRestart.remove(r.container());
                }
                // the pass's proofs prove each container's init once, at its first live step
                if (target.isPresent()) {
                    try {
                        initCheck.verify(proofs, target.get());
                    } catch (RefusedException e) {
                        refused.add(target.get().container());
                        throw e;
                    }
                }
                if (action instanceof Action.DenyDevice d) {
                    // on cgroup2 the monitor's answer is read once the nodes are removed
                    Optional<DeviceCgroup.Pending> pending = cgroup.beginDeny(d.container(), d.initPid(), d.rule());
                    if (pending.isPresent()) {
                        underway.add(SentRule.deny(d, pending.get()));
                        CrashHook.boundary(() -> "after " + action.describe());
                        continue;
                    }
                } else if (action instanceof Action.AllowDevice a) {
                    // on cgroup2 the monitor's answer is read when its node is ready
                    Optional<DeviceCgroup.Pending> pending = cgroup.beginAllow(a.container(), a.initPid(), a.rule());
                    if (pending.isPresent()) {
                        allowing.add(SentRule.allow(a, pending.get()));
                        CrashHook.boundary(() -> "after " + action.describe());
                        continue;
                    }
                } else if (action instanceof Action.InjectNode n && gate != null) {
                    SentRule g = gate;
                    gate = null; // settled by injectGated, whatever happens
                    if (!injectGated(n, g, proofs, steps, failures, failedContainers, unlogged)) {
                        // no grant on either route: the node stays out, as after a failed allow
                        continue;
                    }
                } else {
                    run(action, ledger, proofs);
                }
                steps.add(new Step(action, Optional.empty()));
                unlogged.add(action);
                if (target.isEmpty()) {
                    logDone(unlogged);
                }
                if (action instanceof Action.RestartContainer r) {
                    restarted.add(r.container());
                }
            } catch (IOException | RuntimeException e) {
                // a node refused before its step began: its allow is recorded first
                settle(gate, steps, failures, failedContainers, unlogged);
                logDone(unlogged);
                failed(action, e, failures, steps);
                if (action instanceof Action.ReloadUdev || action instanceof Action.TriggerDevices) {
                    ledger.udevFailed();
                }
                if (container != null) {
                    failedContainers.add(container);
                    // a refusal is the container's doing: it gets no restart for it either
                    if (action instanceof Action.InjectNode && !(e instanceof RefusedException)) {
                        fallbackRestart.add(container);
                    }
                }
            }
            CrashHook.boundary(() -> "after " + action.describe());
        }
        settleAll(underway, steps, failures, failedContainers, unlogged);
        settleAll(allowing, steps, failures, failedContainers, unlogged);
        logDone(unlogged);
        if (!liveOver) {
            liveStepsDone.run();
        }
        for (String id : fallbackRestart) {
            if (restartBlocked.holds(id)) {
                // a live node that keeps failing must not turn into a restart loop
                LOG.warn("container {}: live node failed; restart held back {}", id,
                        restartBlocked.settling() ? "until the device events pause" : "by the rate limit");
                continue;
            }
            // where a live node cannot be made, one restart gives the container its config's nodes
            Action.RestartContainer restart = new Action.RestartContainer(id, "a live node failed");
            try {
                LOG.warn("container {}: live node failed; restarting it instead", id);
                run(restart, ledger, proofs);
                restarted.add(id);
                steps.add(new Step(restart, Optional.empty()));
            } catch (IOException | RuntimeException e) {
                failures.add("restart container " + id + ": " + e.getMessage());
                steps.add(new Step(restart, Optional.of(String.valueOf(e.getMessage()))));
            }
            CrashHook.boundary(() -> "after " + restart.describe());
        }
        for (String id : oldState.containers().keySet()) {
            if (!plan.newState().containers().containsKey(id) && !failedContainers.contains(id)) {
                try {
                    // a container ctplug no longer serves keeps no store nodes
                    live.removeStore(id);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("cannot remove the node store of container {}: {}", id, e.getMessage());
                }
            }
        }
        try {
            ledger.write(ledger.finish(failedContainers));
        } catch (IOException e) {
            // the ledger recorded every line before it was written: the next pass still knows them
            failures.add("write " + stateStore.path() + ": " + e.getMessage());
            LOG.error("cannot record state in {}: {}", stateStore.path(), e.getMessage());
        }
        CrashHook.boundary(() -> "after the state write");
        return new Outcome(failures, restarted, steps);
    }

    /** The allow under way that gates this node step, taken out of {@code allowing}; null when there is none. */
    private static SentRule take(List<SentRule> allowing, Action.InjectNode n) {
        for (int i = 0; i < allowing.size(); i++) {
            if (allowing.get(i).gates(n)) {
                return allowing.remove(i);
            }
        }
        return null;
    }

    /** Settles the rules under way, in the order sent, and forgets them. */
    private static void settleAll(List<SentRule> sent, List<Step> steps, List<String> failures,
                                  Set<String> failedContainers, List<Action> unlogged) {
        for (SentRule rule : sent) {
            settle(rule, steps, failures, failedContainers, unlogged);
        }
        sent.clear();
    }

    /**
     * Settles a rule sent (none: null) and records it as a step done (timed at its answer) or
     * failed; false when it failed.
     */
    private static boolean settle(SentRule rule, List<Step> steps, List<String> failures,
                                  Set<String> failedContainers, List<Action> unlogged) {
        if (rule == null) {
            return true;
        }
        try {
            rule.settle();
        } catch (IOException | RuntimeException e) {
            failed(rule.action, e, failures, steps);
            failedContainers.add(rule.container);
            return false;
        }
        steps.add(new Step(rule.action, Optional.empty(), rule.answeredNanos()));
        unlogged.add(rule.action);
        return true;
    }

    /**
     * The node step behind its allow's answer; the allow is recorded first, then the node is made
     * (again, where the monitor refused and lxc-cgroup granted it instead). False when the grant
     * failed on both routes and the node stays out; a failure of the node itself is thrown.
     */
    private boolean injectGated(Action.InjectNode n, SentRule gate, InitProofs proofs, List<Step> steps,
                                List<String> failures, Set<String> failedContainers, List<Action> unlogged)
            throws IOException {
        LiveTarget target = new LiveTarget(n.container(), n.initPid(), n.initStart(), n.rootUid(), n.rootGid());
        boolean made;
        try {
            made = live.inject(proofs, target, n.path(), n.type(), n.major(), n.minor(), n.mode(), n.hostUid(),
                    n.hostGid(), gate);
        } catch (IOException | RuntimeException e) {
            settle(gate, steps, failures, failedContainers, unlogged);
            throw e;
        }
        if (!settle(gate, steps, failures, failedContainers, unlogged)) {
            return false;
        }
        if (!made) {
            live.inject(proofs, target, n.path(), n.type(), n.major(), n.minor(), n.mode(), n.hostUid(), n.hostGid());
        }
        return true;
    }

    /** A step that failed: logged, counted, and recorded with its error. */
    private static void failed(Action action, Exception e, List<String> failures, List<Step> steps) {
        String message = action.describe() + ": " + e.getMessage();
        LOG.error("failed to {}", message);
        failures.add(message);
        steps.add(new Step(action, Optional.of(String.valueOf(e.getMessage()))));
    }

    /** Logs the steps done, in order, and forgets them. */
    private static void logDone(List<Action> done) {
        for (Action a : done) {
            LOG.info("{}", a.describe());
        }
        done.clear();
    }

    /** The planner orders a container's config, its restarts and starts after every live step. */
    private static boolean afterLiveSteps(Action action) {
        return action instanceof Action.WriteFile w && w.container().isPresent()
                || action instanceof Action.RestartContainer || action instanceof Action.StartContainer;
    }

    private void run(Action action, Ledger ledger, InitProofs proofs) throws IOException {
        if (action instanceof Action.WriteFile w) {
            if (w.container().isPresent()) {
                // a line in the config that the state does not name would look like the user's
                ledger.beforeConfigWrite();
            } else {
                ledger.beforeRulesWrite();
            }
            CrashHook.boundary(() -> "recorded before " + w.describe());
            write(w);
        } else if (action instanceof Action.ReloadUdev) {
            runner.runChecked(List.of(tools.udevadm(), "control", "--reload"));
        } else if (action instanceof Action.TriggerDevices t) {
            // --settle: apply returns once udev made the links, so its result can be seen at once
            List<String> argv = new ArrayList<>(List.of(tools.udevadm(), "trigger", "--action=add", "--settle"));
            argv.addAll(t.syspaths());
            runner.runChecked(argv);
        } else if (action instanceof Action.InjectNode n) {
            live.inject(proofs, new LiveTarget(n.container(), n.initPid(), n.initStart(), n.rootUid(), n.rootGid()), n.path(),
                    n.type(), n.major(), n.minor(), n.mode(), n.hostUid(), n.hostGid());
        } else if (action instanceof Action.StoreNode s) {
            live.store(s.container(), s.path(), s.type(), s.major(), s.minor(), s.mode(), s.hostUid(), s.hostGid());
        } else if (action instanceof Action.RemoveNode r) {
            live.remove(proofs, new LiveTarget(r.container(), r.initPid(), r.initStart(), 0, 0), r.path());
        } else if (action instanceof Action.MakeLink m) {
            // a link made but not recorded would look like the container's own once its name leaves the mapping
            ledger.beforeLinks();
            CrashHook.boundary(() -> "recorded before " + m.describe());
            links.make(proofs, new LiveTarget(m.container(), m.initPid(), m.initStart(), m.rootUid(), m.rootGid()), m.path(),
                    m.target(), m.replaces());
        } else if (action instanceof Action.RemoveLink r) {
            links.remove(proofs, new LiveTarget(r.container(), r.initPid(), r.initStart(), r.rootUid(), r.rootGid()), r.path(),
                    r.target());
        } else if (action instanceof Action.RemoveLinkDirs d) {
            links.removeDirs(proofs, new LiveTarget(d.container(), d.initPid(), d.initStart(), d.rootUid(), d.rootGid()),
                    d.dirs());
        } else if (action instanceof Action.RestartContainer r) {
            ledger.beforeRestart(r.container());
            CrashHook.boundary(() -> "restart recorded before " + r.describe());
            backend.restart(r.container());
            ledger.running(r.container());
        } else if (action instanceof Action.StartContainer s) {
            backend.start(s.container());
            ledger.running(s.container());
        }
    }

    @SuppressWarnings("try") // the lock is held for the block, never read
    private void write(Action.WriteFile w) throws IOException {
        AtomicFiles.makeParent(w.path());
        try (FileLock lock = w.lock().isPresent() ? posix.flock(w.lock().get(), lockTimeout, runner.heartbeat()) : null) {
            checkUnchanged(w);
            AtomicFiles.write(w.path(), w.after());
        }
    }

    /** Someone (pct, an editor) may have written the file since we planned: never overwrite that. */
    private static void checkUnchanged(Action.WriteFile w) throws IOException {
        String now = AtomicFiles.read(w.path()).orElse("");
        if (!now.equals(w.before())) {
            throw new IOException(w.path() + " changed since it was read; will plan again");
        }
    }

    private static boolean isLinkStep(Action action) {
        return action instanceof Action.MakeLink || action instanceof Action.RemoveLink
                || action instanceof Action.RemoveLinkDirs;
    }

    /** The running container a live action reaches by its init PID; empty for other actions. */
    private static Optional<LiveTarget> liveTarget(Action action) {
        if (action instanceof Action.AllowDevice a) {
            return Optional.of(new LiveTarget(a.container(), a.initPid(), a.initStart(), 0, 0));
        } else if (action instanceof Action.DenyDevice d) {
            return Optional.of(new LiveTarget(d.container(), d.initPid(), d.initStart(), 0, 0));
        } else if (action instanceof Action.InjectNode n) {
            return Optional.of(new LiveTarget(n.container(), n.initPid(), n.initStart(), n.rootUid(), n.rootGid()));
        } else if (action instanceof Action.RemoveNode r) {
            return Optional.of(new LiveTarget(r.container(), r.initPid(), r.initStart(), 0, 0));
        } else if (action instanceof Action.MakeLink m) {
            return Optional.of(new LiveTarget(m.container(), m.initPid(), m.initStart(), m.rootUid(), m.rootGid()));
        } else if (action instanceof Action.RemoveLink r) {
            return Optional.of(new LiveTarget(r.container(), r.initPid(), r.initStart(), r.rootUid(), r.rootGid()));
        } else if (action instanceof Action.RemoveLinkDirs d) {
            return Optional.of(new LiveTarget(d.container(), d.initPid(), d.initStart(), d.rootUid(), d.rootGid()));
        }
        return Optional.empty();
    }

    /** The container an action concerns; empty for the rules file and udev. */
    public static Optional<String> containerOf(Action action) {
        if (action instanceof Action.WriteFile w) {
            return w.container();
        } else if (action instanceof Action.AllowDevice a) {
            return Optional.of(a.container());
        } else if (action instanceof Action.DenyDevice d) {
            return Optional.of(d.container());
        } else if (action instanceof Action.InjectNode n) {
            return Optional.of(n.container());
        } else if (action instanceof Action.StoreNode s) {
            return Optional.of(s.container());
        } else if (action instanceof Action.RemoveNode r) {
            return Optional.of(r.container());
        } else if (action instanceof Action.MakeLink m) {
            return Optional.of(m.container());
        } else if (action instanceof Action.RemoveLink r) {
            return Optional.of(r.container());
        } else if (action instanceof Action.RemoveLinkDirs d) {
            return Optional.of(d.container());
        } else if (action instanceof Action.RestartContainer r) {
            return Optional.of(r.container());
        } else if (action instanceof Action.StartContainer s) {
            return Optional.of(s.container());
        }
        return Optional.empty();
    }
}
