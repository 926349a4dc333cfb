package org.ctplug.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ctplug.container.CgroupRule;
import org.ctplug.container.DeviceCgroup;
import org.ctplug.container.LxcBackend;
import org.ctplug.container.LxcCommandSocket;
import org.ctplug.exec.CommandRunner;
import org.ctplug.exec.ToolPaths;
import org.ctplug.host.ProcessStart;
import org.ctplug.plan.Action;
import org.ctplug.plan.Executor;
import org.ctplug.plan.Plan;
import org.ctplug.plan.RestartHold;
import org.ctplug.posix.Posix;
import org.ctplug.state.AppliedState;
import org.ctplug.state.StateStore;
import org.ctplug.sys.FileCalls;
import org.ctplug.sys.Statx;
import org.ctplug.testing.FakeMonitor;
import org.ctplug.testing.HostTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the executor does while an allow's answer is outstanding, in a real running container,
 * the allow going to a monitor of the test's own (an lxcpath no real container has), so the
 * answer comes when and as the test says, on either layout. The node is looked at from the host,
 * through the init's root; the container's real device policy is not what is under test here.
 */
class AllowGateHostTest extends HostTest {
    private static final String NODE = "/dev/ttyCtplugGate";
    private final List<List<String>> ran = new ArrayList<>();
    private final TestStore store = new TestStore();
    private final List<String> atAnswer = java.util.Collections.synchronizedList(new ArrayList<>());
    private int init;
    private long start;
    private int lxcCgroupExit;

    @BeforeEach
    void startContainer() throws Exception {
        init = runningContainer("ctplug-gate", false);
        start = ProcessStart.of(Path.of("/proc"), init).orElseThrow();
    }

    @AfterEach
    void closeStore() throws Exception {
        store.close();
    }

    @Test
    void theNodeIsReadyBeforeTheAnswerAndInsideOnlyAfterIt() throws Exception {
        Executor.Outcome outcome;
        try (FakeMonitor monitor = FakeMonitor.start(dir.resolve("lxc"), ct.name, () -> answerOnceReady(0))) {
            outcome = executor().execute(plug(), AppliedState.EMPTY, RestartHold.NONE);
            assertThat(monitor.requests()).containsExactly("14 c 4:64 rwm 1");
        }

        assertThat(atAnswer).as("at the answer: the store node made, the node inside").containsExactly("true false");
        assertThat(outcome.failures()).isEmpty();
        assertThat(outcome.steps()).extracting(s -> s.action().getClass().getSimpleName())
                .containsExactly("AllowDevice", "InjectNode");
        assertThat(inside()).isEqualTo("4:64");
        assertThat(ran).as("no lxc-cgroup when the monitor takes the rule").isEmpty();
    }

    @Test
    void aRefusedAllowIsGrantedByLxcCgroupAndTheNodeMadeAfterIt() throws Exception {
        Executor.Outcome outcome;
        try (FakeMonitor monitor = FakeMonitor.start(dir.resolve("lxc"), ct.name, () -> answerOnceReady(-1))) {
            outcome = executor().execute(plug(), AppliedState.EMPTY, RestartHold.NONE);
        }

        assertThat(atAnswer).containsExactly("true false");
        assertThat(ran).containsExactly(List.of("lxc-cgroup", "-n", ct.name, "devices.allow", "c 4:64 rwm"));
        assertThat(outcome.failures()).isEmpty();
        assertThat(outcome.steps()).extracting(s -> s.action().getClass().getSimpleName())
                .containsExactly("AllowDevice", "InjectNode");
        assertThat(inside()).isEqualTo("4:64");
    }

    /** Refused by the monitor and by lxc-cgroup: no grant, so no node, and the path keeps what it had. */
    @Test
    void anAllowRefusedOnBothRoutesLeavesThePathAsItWas() throws Exception {
        Posix.get().mknodChar(Path.of("/proc", String.valueOf(init), "root", NODE.substring(1)), 0600, 4, 65);
        lxcCgroupExit = 1;
        Executor.Outcome outcome;
        try (FakeMonitor monitor = FakeMonitor.start(dir.resolve("lxc"), ct.name, () -> answerOnceReady(-1))) {
            outcome = executor().execute(plug(), AppliedState.EMPTY, RestartHold.NONE);
        }

        assertThat(outcome.steps()).extracting(s -> s.action().getClass().getSimpleName() + " " + s.error().isPresent())
                .containsExactly("AllowDevice true");
        assertThat(outcome.failures()).singleElement().asString().contains("lxc-cgroup");
        assertThat(inside()).as("the old node").isEqualTo("4:65");
    }

    /**
     * The monitor's side: waits until the node's store node exists (the executor makes it while
     * this answer is outstanding; an executor that waited for the answer first would not have
     * made it within 1.5 s, under its own 2 s timeout), notes what the container has at the path,
     * and answers {@code ret}.
     */
    private int answerOnceReady(int ret) {
        Path stored = LiveNodes.storedNode(store.dir, ct.name, NODE);
        long deadline = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        while (!Files.exists(stored, LinkOption.NOFOLLOW_LINKS) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        atAnswer.add(Files.exists(stored, LinkOption.NOFOLLOW_LINKS) + " " + "4:64".equals(inside()));
        return ret;
    }

    /** The device number at the node's path inside, as the host sees it through init's root; "none" without one. */
    private String inside() {
        String path = "/proc/" + init + "/root" + NODE;
        try {
            Statx st = FileCalls.statx(FileCalls.AT_FDCWD, path, FileCalls.AT_SYMLINK_NOFOLLOW, path);
            return st.isCharDevice() ? st.rdevMajor() + ":" + st.rdevMinor() : "not a device";
        } catch (IOException e) {
            return "none";
        }
    }

    private Plan plug() {
        return new Plan(List.of(new Action.AllowDevice(ct.name, init, start, CgroupRule.exact('c', 4, 64)),
                new Action.InjectNode(ct.name, init, start, NODE, 4, 64, 0660, 0, 0, 0, 0, 0, 0)),
                List.of(), AppliedState.EMPTY, false, false);
    }

    /** The monitor route to the fake monitor; lxc-cgroup is recorded in {@link #ran}, not run. */
    private Executor executor() {
        LxcCommandSocket route = LxcCommandSocket.forVersion("5.0.2", dir.resolve("lxc")).orElseThrow();
        CommandRunner runner = argv -> {
            ran.add(argv);
            return new CommandRunner.Result(lxcCgroupExit, "", lxcCgroupExit == 0 ? "" : "refused as well");
        };
        DeviceCgroup cgroup = new DeviceCgroup(Optional.empty(), Optional.of(route), "lxc-cgroup", runner);
        return new Executor(new LxcBackend(dir, ToolPaths.DEFAULT, runner), ToolPaths.DEFAULT, runner,
                Posix.get(), new LiveNodes(store.dir), cgroup, new StateStore(dir), Duration.ofSeconds(1));
    }
}
