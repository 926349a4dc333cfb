package org.ctplug.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

import org.ctplug.exec.ProcessRunner;
import org.ctplug.exec.ToolPaths;
import org.ctplug.testing.LxcContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A real busybox container: needs root and LXC, and fails where they are missing. */
@Tag("host")
class LxcBackendHostTest {
    private final LxcBackend backend = new LxcBackend(Path.of("/"), ToolPaths.DEFAULT, new ProcessRunner());
    private LxcContainer ct;
    private String name;

    /** Offline and unconfined; its device cgroup is left as LXC makes it. */
    @BeforeEach
    void createContainer() throws IOException {
        ct = LxcContainer.create("ctplug-test", false, false);
        name = ct.name;
    }

    @AfterEach
    void destroyContainer() {
        ct.close();
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
        ct.start();
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
                List.of(new ConfigLine(org.ctplug.testing.Layout.require().allowKey(), "c 4:64 rwm")), List.of()));

        ct.start();

        assertThat(awaitRunning().initPid()).isPresent();
    }

    private ContainerStatus awaitRunning() {
        return await().atMost(Duration.ofSeconds(20)).until(() -> backend.status(name),
                s -> s.state() == RunState.RUNNING && s.initPid().isPresent());
    }
}
