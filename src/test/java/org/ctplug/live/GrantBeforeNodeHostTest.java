package org.ctplug.live;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.ctplug.testing.HostTest;
import org.ctplug.testing.Layout;
import org.ctplug.testing.LxcContainer;
import org.ctplug.testing.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A plug's grant and node through the executor, in a real container with a deny-all device
 * policy, on the command socket route: on cgroup2 the monitor takes the rule while the node is
 * made, and the node is moved in once its answer is read; on a hybrid host the monitor has no BPF
 * program and refuses, and lxc-cgroup grants the rule before the node is made again.
 */
class GrantBeforeNodeHostTest extends HostTest {
    private static final String NODE = "/dev/ttyCtplugGrant";
    private final List<List<String>> ran = new ArrayList<>();
    private final TestStore store = new TestStore();

    @AfterEach
    void closeStore() throws Exception {
        store.close();
    }

    @Test
    void thePlugsNodeOpensInsideWhicheverWayItsGrantWent() throws Exception {
        int init = runningContainer("ctplug-grant", false);

        Executor.Outcome outcome = executor().execute(plug(init, NODE), AppliedState.EMPTY, RestartHold.NONE);

        assertThat(outcome.failures()).isEmpty();
        assertThat(outcome.steps()).extracting(s -> s.action().getClass().getSimpleName())
                .containsExactly("AllowDevice", "InjectNode");
        // the grant is in force and the node opens (what happens while the answer is
        // outstanding: AllowGateHostTest)
        assertThat(ct.open(NODE)).isEqualTo("ok");
        if (layout == Layout.CGROUP2) {
            assertThat(ran).as("the monitor took the rule").isEmpty();
        } else {
            assertThat(ran).containsExactly(List.of("lxc-cgroup", "-n", ct.name, "devices.allow", "c 4:64 rwm"));
        }
    }

    /**
     * A node that cannot be made (its parent is a file) still leaves its grant settled: the
     * monitor's answer read (or lxc-cgroup run), the allow recorded as done, the node as failed.
     */
    @Test
    void aNodeThatFailsStillHasItsGrantSettledAndRecorded() throws Exception {
        int init = runningContainer("ctplug-grant-fail", false);

        Executor.Outcome outcome = executor().execute(plug(init, "/dev/null/ttyCtplugGrant"), AppliedState.EMPTY,
                RestartHold.NONE);

        // (then the restart a failed live node asks for, which this test's backend cannot make)
        assertThat(outcome.steps()).extracting(s -> s.action().getClass().getSimpleName() + " " + s.error().isPresent())
                .startsWith("AllowDevice false", "InjectNode true");
        assertThat(outcome.failures()).first().asString().contains("Not a directory");
        // the grant is in force: a node made by hand at a good path opens
        Posix.get().mknodChar(Path.of("/proc", String.valueOf(init), "root", NODE.substring(1)), 0600, 4, 64);
        assertThat(ct.open(NODE)).isEqualTo("ok");
    }

    private Plan plug(int init, String path) throws Exception {
        long start = ProcessStart.of(Path.of("/proc"), init).orElseThrow();
        return new Plan(List.of(new Action.AllowDevice(ct.name, init, start, CgroupRule.exact('c', 4, 64)),
                new Action.InjectNode(ct.name, init, start, path, 4, 64, 0660, 0, 0, 0, 0, 0, 0)),
                List.of(), AppliedState.EMPTY, false, false);
    }

    /** The route a cgroup2 host takes, whatever this layout is; what lxc-cgroup runs goes to {@link #ran}. */
    private Executor executor() throws Exception {
        LxcCommandSocket route = LxcCommandSocket.forVersion(Shell.run("lxc-start", "--version").stdout(),
                LxcContainer.LXC_PATH).orElseThrow();
        CommandRunner runner = argv -> {
            ran.add(argv);
            Shell.Out out = Shell.run(argv);
            return new CommandRunner.Result(out.exit(), out.stdout(), out.stderr());
        };
        DeviceCgroup cgroup = new DeviceCgroup(Optional.empty(), Optional.of(route), "lxc-cgroup", runner);
        return new Executor(new LxcBackend(dir, ToolPaths.DEFAULT, runner), ToolPaths.DEFAULT, runner,
                Posix.get(), new LiveNodes(store.dir), cgroup, new StateStore(dir), Duration.ofSeconds(1));
    }
}
