package org.ctplug.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.ctplug.container.DeviceCgroup;
import org.ctplug.container.LxcBackend;
import org.ctplug.exec.CommandRunner;
import org.ctplug.exec.ToolPaths;
import org.ctplug.live.LiveNodes;
import org.ctplug.posix.Posix;
import org.ctplug.state.AppliedState;
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
        LxcBackend backend = new LxcBackend(root, ToolPaths.DEFAULT, recorder);
        executor = new Executor(backend, ToolPaths.DEFAULT, recorder, Posix.get(), new LiveNodes(root.resolve("store")),
                new DeviceCgroup(java.util.Optional.empty(), "lxc-cgroup", recorder), new StateStore(root), Duration.ofSeconds(1));
    }

    /** A node the live code refuses (a negative major) stands for any failure to make it. */
    static Plan failingInject() {
        return new Plan(List.of(new Action.InjectNode("ha", 4242, "/dev/ttyZigbee", -1, 0, 0660, 0, 0, 0, 0)),
                List.of(), AppliedState.EMPTY, false, false);
    }

    @Test
    void aLiveNodeThatCannotBeMadeFallsBackToOneRestart() {
        Executor.Outcome outcome = executor.execute(failingInject(), AppliedState.EMPTY, Set.of());

        assertThat(outcome.restarted()).containsExactly("ha");
        assertThat(outcome.failures()).hasSize(1);
        assertThat(commands).anyMatch(c -> c.contains("lxc-stop") && c.contains("ha"));
    }

    @Test
    void theFallbackRestartObeysTheRateLimit() {
        Executor.Outcome outcome = executor.execute(failingInject(), AppliedState.EMPTY, Set.of("ha"));

        assertThat(outcome.restarted()).isEmpty();
        assertThat(commands).noneMatch(c -> c.contains("lxc-stop"));
    }
}
