package org.ctplug.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ctplug.container.CgroupRule;
import org.ctplug.container.ConfigLine;
import org.ctplug.container.DeviceCgroup;
import org.ctplug.container.LxcBackend;
import org.ctplug.exec.CommandRunner;
import org.ctplug.exec.ToolPaths;
import org.ctplug.live.LiveNodes;
import org.ctplug.live.RefusedException;
import org.ctplug.posix.Posix;
import org.ctplug.state.AppliedState;
import org.ctplug.state.ContainerState;
import org.ctplug.state.StateStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the executor does when a step fails. */
class ExecutorTest {
    @TempDir
    Path root;
    List<String> commands = new ArrayList<>();
    Executor executor;

    @BeforeEach
    void setUp() {
        CommandRunner recorder = argv -> {
            commands.add(String.join(" ", argv));
            return new CommandRunner.Result(0, "", "");
        };
        executor = executor(recorder, (proofs, target) -> { });
    }

    /** The PIDs here name no container: the init check is the test's to decide. */
    Executor executor(CommandRunner recorder, Executor.InitCheck check) {
        LxcBackend backend = new LxcBackend(root, ToolPaths.DEFAULT, recorder);
        return new Executor(backend, ToolPaths.DEFAULT, recorder, Posix.get(), new LiveNodes(root.resolve("store")),
                new DeviceCgroup(java.util.Optional.empty(), java.util.Optional.empty(), "lxc-cgroup", recorder),
                new StateStore(root), Duration.ofSeconds(1), check);
    }

    /** A container whose init PID names another process gets neither a live step nor a restart. */
    @Test
    void aRefusedInitGetsNoLiveStepAndNoFallbackRestart() {
        CommandRunner recorder = argv -> {
            commands.add(String.join(" ", argv));
            return new CommandRunner.Result(0, "", "");
        };
        Executor refusing = executor(recorder, (proofs, target) -> {
            throw new RefusedException(target.container() + ": PID " + target.initPid() + " is in the host's mount"
                    + " namespace, so it is not the container's init; nothing done");
        });
        Plan plan = new Plan(List.of(new Action.AllowDevice("ha", 4242, 1, CgroupRule.exact('c', 4, 64)),
                new Action.InjectNode("ha", 4242, 1, "/dev/ttyZigbee", 4, 64, 0660, 0, 0, 0, 0, 0, 0),
                new Action.DenyDevice("ha", 4242, 1, CgroupRule.exact('c', 4, 65))),
                List.of(), AppliedState.EMPTY, false, false);

        Executor.Outcome outcome = refusing.execute(plan, AppliedState.EMPTY, RestartHold.NONE);

        assertThat(outcome.failures()).singleElement().asString().contains("not the container's init");
        assertThat(outcome.restarted()).isEmpty();
        assertThat(commands).isEmpty();
    }

    /**
     * A link whose step fails (here its PID names no process) may be half made: it stays recorded
     * as ctplug's, so the next reconcile finishes or removes it, and it restarts nothing.
     */
    @Test
    void aLinkWhoseStepFailsStaysRecordedAsCtplugsAndRestartsNothing() throws Exception {
        String link = "/dev/serial/by-id/usb-ctplug_Test_0001-if00-port0";
        ContainerState planned = new ContainerState("lxc", List.of(), List.of(),
                List.of(new org.ctplug.state.MadePath(link, 4242)),
                List.of(new org.ctplug.state.MadePath("/dev/serial", 4242)));
        Plan plan = new Plan(List.of(new Action.MakeLink("ha", 4242, 1, 0, 0, link, "../../ttyZigbee",
                Optional.empty())), List.of(), new AppliedState(Map.of("ha", planned), List.of(), Map.of()), true, false);

        Executor.Outcome outcome = executor.execute(plan, AppliedState.EMPTY, RestartHold.NONE);

        assertThat(outcome.failures()).singleElement().asString().startsWith("link " + link);
        assertThat(outcome.restarted()).isEmpty();
        assertThat(new StateStore(root).load().containers().get("ha")).isEqualTo(planned);
    }

    @Test
    void aFailedLinkKeepsNoOtherLinkOfTheContainerFromBeingTried() {
        Plan plan = new Plan(List.of(
                new Action.MakeLink("ha", 4242, 1, 0, 0, "/dev/serial/by-id/a", "../../ttyA", Optional.empty()),
                new Action.MakeLink("ha", 4242, 1, 0, 0, "/dev/ttyB", "ttyA", Optional.empty())),
                List.of(), AppliedState.EMPTY, true, false);

        Executor.Outcome outcome = executor.execute(plan, AppliedState.EMPTY, RestartHold.NONE);

        assertThat(outcome.steps()).hasSize(2).allMatch(s -> s.error().isPresent());
    }

    /** A node the live code refuses (a negative major) stands for any failure to make it. */
    static Plan failingInject() {
        return new Plan(List.of(new Action.InjectNode("ha", 4242, 1, "/dev/ttyZigbee", -1, 0, 0660, 0, 0, 0, 0, 0, 0)),
                List.of(), AppliedState.EMPTY, false, false);
    }

    @Test
    void anOutcomeSaysWhetherAStepOfAKindWasMadeWithoutAnError() {
        Executor.Step failed = new Executor.Step(new Action.ReloadUdev(), Optional.of("udevadm: exit 1"));
        Executor.Step made = new Executor.Step(new Action.ReloadUdev(), Optional.empty());
        Executor.Step other = new Executor.Step(new Action.TriggerDevices(List.of("/sys/devices/x")), Optional.empty());

        assertThat(new Executor.Outcome(List.of("failed"), List.of(), List.of(failed, other))
                .made(Action.ReloadUdev.class)).isFalse();
        assertThat(new Executor.Outcome(List.of(), List.of(), List.of(other, made)).made(Action.ReloadUdev.class))
                .isTrue();
        assertThat(Executor.Outcome.NOTHING.made(Action.ReloadUdev.class)).isFalse();
    }

    @Test
    void aLiveNodeThatCannotBeMadeFallsBackToOneRestart() {
        Executor.Outcome outcome = executor.execute(failingInject(), AppliedState.EMPTY, RestartHold.NONE);

        assertThat(outcome.restarted()).containsExactly("ha");
        assertThat(outcome.failures()).hasSize(1);
        assertThat(commands).anyMatch(c -> c.contains("lxc-stop") && c.contains("ha"));
    }

    /** Live steps run first; when one fails, the config is still written, so the restart starts with it. */
    @Test
    void aFailedLiveNodeStillWritesTheConfigBeforeTheFallbackRestart() throws Exception {
        Path config = root.resolve("var/lib/lxc/ha/config");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "lxc.uts.name = ha\n");
        String after = "lxc.uts.name = ha\nlxc.cgroup2.devices.allow = c 4:64 rwm\n";
        Plan plan = new Plan(List.of(failingInject().actions().get(0), new Action.WriteFile(config,
                "lxc.uts.name = ha\n", after, Optional.empty(), Optional.of("ha"))), List.of(), AppliedState.EMPTY,
                false, false);

        Executor.Outcome outcome = executor.execute(plan, AppliedState.EMPTY, RestartHold.NONE);

        assertThat(Files.readString(config)).isEqualTo(after);
        assertThat(outcome.restarted()).containsExactly("ha");
    }

    /** The daemon lowers its thread's priority there: after the live steps, before the config is written. */
    @Test
    void theLiveStepsDoneHookRunsOnceBetweenTheLiveStepsAndTheConfig() throws Exception {
        Path config = root.resolve("var/lib/lxc/ha/config");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "lxc.uts.name = ha\n");
        List<String> seen = new ArrayList<>();
        executor.whenLiveStepsDone(() -> seen.add("done after " + commands + ", config "
                + (config.toFile().length() > "lxc.uts.name = ha\n".length() ? "written" : "not written")));
        Plan plan = new Plan(List.of(new Action.DenyDevice("ha", 4242, 1, CgroupRule.exact('c', 4, 5)),
                new Action.AllowDevice("ha", 4242, 1, CgroupRule.exact('c', 4, 6)),
                new Action.WriteFile(config, "lxc.uts.name = ha\n", "lxc.uts.name = ha\nlxc.cgroup2.devices.allow = c 4:6 rwm\n",
                        Optional.empty(), Optional.of("ha"))), List.of(), AppliedState.EMPTY, false, false);

        executor.execute(plan, AppliedState.EMPTY, RestartHold.NONE);

        assertThat(seen).containsExactly("done after [lxc-cgroup -n ha devices.deny c 4:5 rwm, "
                + "lxc-cgroup -n ha devices.allow c 4:6 rwm], config not written");
    }

    @Test
    void withoutAConfigOrRestartTheHookRunsOnceAtTheEnd() {
        List<String> seen = new ArrayList<>();
        executor.whenLiveStepsDone(() -> seen.add("done after " + commands));
        Plan plan = new Plan(List.of(new Action.AllowDevice("ha", 4242, 1, CgroupRule.exact('c', 4, 6))), List.of(),
                AppliedState.EMPTY, false, false);

        executor.execute(plan, AppliedState.EMPTY, RestartHold.NONE);

        assertThat(seen).containsExactly("done after [lxc-cgroup -n ha devices.allow c 4:6 rwm]");
    }

    @Test
    void theFallbackRestartObeysTheRateLimit() {
        Executor.Outcome outcome = executor.execute(failingInject(), AppliedState.EMPTY, RestartHold.limited(Set.of("ha")));

        assertThat(outcome.restarted()).isEmpty();
        assertThat(commands).noneMatch(c -> c.contains("lxc-stop"));
    }

    @Test
    void denyAndAllowReachLxcCgroupInPlanOrder() {
        CgroupRule old = CgroupRule.exact('c', 4, 5);
        CgroupRule now = CgroupRule.exact('c', 4, 6);
        Plan plan = new Plan(List.of(new Action.DenyDevice("ha", 4242, 1, old), new Action.AllowDevice("ha", 4242, 1, now)),
                List.of(), AppliedState.EMPTY, false, false);

        Executor.Outcome outcome = executor.execute(plan, AppliedState.EMPTY, RestartHold.NONE);

        assertThat(outcome.ok()).isTrue();
        assertThat(commands).containsExactly("lxc-cgroup -n ha devices.deny c 4:5 rwm",
                "lxc-cgroup -n ha devices.allow c 4:6 rwm");
    }

    /** The container keeps its recorded grant, so the next reconcile denies it again. */
    @Test
    void aFailedDenyKeepsTheContainersOldState() throws Exception {
        CommandRunner failing = argv -> new CommandRunner.Result(1, "", "lxc-cgroup: no such container");
        LxcBackend backend = new LxcBackend(root, ToolPaths.DEFAULT, failing);
        StateStore store = new StateStore(root);
        Executor failingExecutor = new Executor(backend, ToolPaths.DEFAULT, failing, Posix.get(),
                new LiveNodes(root.resolve("store")), new DeviceCgroup(java.util.Optional.empty(), java.util.Optional.empty(), "lxc-cgroup", failing),
                store, Duration.ofSeconds(1));
        ContainerState granted = new ContainerState("lxc",
                List.of(new ConfigLine("lxc.cgroup2.devices.allow", "c 4:5 rwm")), List.of());
        AppliedState before = new AppliedState(Map.of("ha", granted), List.of(), Map.of());
        Plan plan = new Plan(List.of(new Action.DenyDevice("ha", 4242, 1, CgroupRule.exact('c', 4, 5))), List.of(),
                AppliedState.EMPTY, true, false);

        Executor.Outcome outcome = failingExecutor.execute(plan, before, RestartHold.NONE);

        assertThat(outcome.failures()).singleElement().asString().contains("deny c 4:5 rwm");
        assertThat(store.load().containers()).containsEntry("ha", granted);
    }

    private static final ConfigLine GRANT = new ConfigLine("lxc.cgroup2.devices.allow", "c 4:64 rwm");

    /** A plan that first fails a live node, then writes the grant into ha's config. */
    private Plan failedInjectThenConfig(Path config) throws Exception {
        Files.createDirectories(config.getParent());
        Files.writeString(config, "lxc.uts.name = ha\n");
        AppliedState wanted = new AppliedState(Map.of("ha", new ContainerState("lxc", List.of(GRANT), List.of())),
                List.of(), Map.of());
        return new Plan(List.of(failingInject().actions().get(0), new Action.WriteFile(config, "lxc.uts.name = ha\n",
                "lxc.uts.name = ha\nlxc.cgroup2.devices.allow = c 4:64 rwm\n", Optional.empty(), Optional.of("ha"))),
                List.of(), wanted, true, false);
    }

    /** Else the line would look like the user's from then on, and no unmapping would take it out. */
    @Test
    void aLineWrittenForAContainerWhoseLiveStepFailedStaysRecorded() throws Exception {
        Path config = root.resolve("var/lib/lxc/ha/config");

        Executor.Outcome outcome = executor.execute(failedInjectThenConfig(config), AppliedState.EMPTY, RestartHold.NONE);

        assertThat(outcome.ok()).isFalse();
        assertThat(Files.readString(config)).contains("c 4:64 rwm");
        assertThat(new StateStore(root).load().containers().get("ha").addedLines()).containsExactly(GRANT);
    }

    /** ENOSPC or EROFS on the state directory (here: it cannot be made) must not leave an unrecorded line. */
    @Test
    void noConfigLineIsWrittenThatCouldNotBeRecordedFirst() throws Exception {
        Path config = root.resolve("var/lib/lxc/ha/config");
        Plan plan = failedInjectThenConfig(config);
        Files.createDirectories(root.resolve("var/lib"));
        Files.writeString(root.resolve("var/lib/ctplug"), "not a directory");

        Executor.Outcome outcome = executor.execute(plan, AppliedState.EMPTY, RestartHold.NONE);

        assertThat(Files.readString(config)).isEqualTo("lxc.uts.name = ha\n");
        assertThat(outcome.failures()).anyMatch(f -> f.startsWith("update " + config));
    }

    /** A crash between stop and start must leave a state that says the container is to be started. */
    @Test
    void aRestartIsRecordedBeforeTheContainerIsStoppedAndClearedOnceItRuns() throws Exception {
        StateStore store = new StateStore(root);
        List<java.util.Set<String>> restartingAtStop = new ArrayList<>();
        CommandRunner recorder = argv -> {
            if (argv.get(0).endsWith("lxc-stop")) {
                restartingAtStop.add(store.load().restarting());
            }
            // no lxc@ unit runs it, wherever the test runs: ctplug stops and starts it itself
            return new CommandRunner.Result(argv.contains("is-active") ? 3 : 0, "", "");
        };
        Executor recording = new Executor(new LxcBackend(root, ToolPaths.DEFAULT, recorder),
                ToolPaths.DEFAULT, recorder, Posix.get(), new LiveNodes(root.resolve("store")),
                new DeviceCgroup(Optional.empty(), Optional.empty(), "lxc-cgroup", recorder), store,
                Duration.ofSeconds(1));
        Plan plan = new Plan(List.of(new Action.RestartContainer("ha", "test")), List.of(), AppliedState.EMPTY, false,
                false);

        assertThat(recording.execute(plan, AppliedState.EMPTY, RestartHold.NONE).ok()).isTrue();

        assertThat(restartingAtStop).containsExactly(Set.of("ha"));
        assertThat(store.load().restarting()).isEmpty();
    }

    /** Whatever else failed there, a container ctplug left stopped mid-restart must run again. */
    @Test
    void aContainerLeftStoppedIsStartedEvenAfterAFailedStepOfIt() {
        Plan plan = new Plan(List.of(failingInject().actions().get(0), new Action.StartContainer("ha")), List.of(),
                AppliedState.EMPTY, false, false);

        executor.execute(plan, AppliedState.EMPTY, RestartHold.limited(Set.of("ha")));

        assertThat(commands).anyMatch(c -> c.contains("lxc-start") && c.contains("ha"));
    }
}
