package org.ctplug.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;

import org.ctplug.exec.CommandRunner;
import org.ctplug.exec.ProcessRunner;
import org.ctplug.exec.ToolPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A real busybox container: needs root and LXC, and fails where they are missing. */
@Tag("host")
class LxcBackendHostTest {
    private final CommandRunner runner = new ProcessRunner();
    private final LxcBackend backend = new LxcBackend(Path.of("/"), ToolPaths.DEFAULT, runner);
    private final String name = "ctplug-test-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20));

    @BeforeEach
    void createContainer() throws IOException {
        check(List.of("lxc-create", "-n", name, "-t", "busybox"));
        Path config = backend.configPath(name);
        String content = Files.readString(config);
        // offline, and no AppArmor profile on this kind of machine
        String edited = ConfigEditor.edit(content, ConfigSyntax.LXC, List.of(
                new ConfigLine("lxc.net.0.type", "empty"),
                new ConfigLine("lxc.apparmor.profile", "unconfined")),
                List.of(new ConfigLine("lxc.net.0.type", "veth")));
        AtomicFiles.write(config, edited);
    }

    @AfterEach
    void destroyContainer() throws IOException {
        runner.run(List.of("lxc-destroy", "-f", "-n", name));
    }

    @Test
    void containerLxcDoesNotKnowIsStopped() throws IOException {
        assertThat(backend.status(name + "-missing").state()).isEqualTo(RunState.STOPPED);
    }

    @Test
    void createdContainerIsStopped() throws IOException {
        assertThat(backend.status(name)).isEqualTo(new ContainerStatus(name, RunState.STOPPED, OptionalInt.empty()));
    }

    @Test
    void restartGivesRunningContainerANewInit() throws IOException {
        check(List.of("lxc-start", "-n", name));
        ContainerStatus before = awaitRunning();

        backend.restart(name);

        ContainerStatus after = awaitRunning();
        assertThat(after.initPid()).isNotEqualTo(before.initPid());
        assertThat(Path.of("/proc", String.valueOf(after.initPid().getAsInt()))).exists();
    }

    @Test
    void configWithAddedCgroupLineStillStarts() throws IOException {
        Path config = backend.configPath(name);
        AtomicFiles.write(config, ConfigEditor.edit(Files.readString(config), ConfigSyntax.LXC,
                List.of(new ConfigLine("lxc.cgroup.devices.allow", "c 4:* rwm")), List.of()));

        check(List.of("lxc-start", "-n", name));

        assertThat(awaitRunning().initPid()).isPresent();
    }

    private ContainerStatus awaitRunning() {
        return await().atMost(Duration.ofSeconds(20)).until(() -> backend.status(name),
                s -> s.state() == RunState.RUNNING && s.initPid().isPresent());
    }

    private void check(List<String> argv) throws IOException {
        CommandRunner.Result result = runner.run(argv);
        assertThat(result.exitCode()).as("%s: %s", argv, result.stderr()).isZero();
    }
}
