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
import org.junit.jupiter.api.Test;

/**
 * A plug's grant and node through the executor, in a real container with a deny-all device
 * policy, on the command socket route: on cgroup2 the monitor takes the rule; on a hybrid host
 * it has no BPF program and refuses, and lxc-cgroup grants it before the node is made.
 */
class GrantBeforeNodeHostTest extends HostTest {
    private static final String NODE = "/dev/ttyCtplugGrant";

    @Test
    void thePlugsNodeOpensInsideWhicheverWayItsGrantWent() throws Exception {
        int init = runningContainer("ctplug-grant", false);
        long start = ProcessStart.of(Path.of("/proc"), init).orElseThrow();
        LxcCommandSocket route = LxcCommandSocket.forVersion(Shell.run("lxc-start", "--version").stdout(),
                LxcContainer.LXC_PATH).orElseThrow();
        List<List<String>> ran = new ArrayList<>();
        CommandRunner runner = argv -> {
            ran.add(argv);
            Shell.Out out = Shell.run(argv);
            return new CommandRunner.Result(out.exit(), out.stdout(), out.stderr());
        };
        // the route a cgroup2 host takes, whatever this layout is
        DeviceCgroup cgroup = new DeviceCgroup(Optional.empty(), Optional.of(route), "lxc-cgroup", runner);
        try (TestStore store = new TestStore()) {
            Executor executor = new Executor(new LxcBackend(dir, ToolPaths.DEFAULT, runner), ToolPaths.DEFAULT, runner,
                    Posix.get(), new LiveNodes(store.dir), cgroup, new StateStore(dir), Duration.ofSeconds(1));
            CgroupRule rule = CgroupRule.exact('c', 4, 64);
            Plan plan = new Plan(List.of(new Action.AllowDevice(ct.name, init, start, rule),
                    new Action.InjectNode(ct.name, init, start, NODE, 4, 64, 0660, 0, 0, 0, 0, 0, 0)),
                    List.of(), AppliedState.EMPTY, false, false);

            Executor.Outcome outcome = executor.execute(plan, AppliedState.EMPTY, RestartHold.NONE);

            assertThat(outcome.failures()).isEmpty();
            assertThat(outcome.steps()).extracting(s -> s.action().getClass().getSimpleName())
                    .containsExactly("AllowDevice", "InjectNode");
            // the grant was in force before the node was made, and the node opens
            assertThat(outcome.steps().get(0).endedNanos()).isLessThan(outcome.steps().get(1).endedNanos());
            assertThat(ct.open(NODE)).isEqualTo("ok");
            if (layout == Layout.CGROUP2) {
                assertThat(ran).as("the monitor took the rule").isEmpty();
            } else {
                assertThat(ran).containsExactly(List.of("lxc-cgroup", "-n", ct.name, "devices.allow", "c 4:64 rwm"));
            }
        }
    }
}
