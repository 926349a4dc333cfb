package org.ctplug.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.ctplug.exec.ToolPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LxcBackendTest {
    @TempDir
    Path root;

    private final RecordingRunner runner = new RecordingRunner();

    private LxcBackend backend(boolean systemd) {
        return new LxcBackend(Path.of("/"), LxcBackend.DEFAULT_LXCPATH, ToolPaths.DEFAULT, runner, () -> systemd);
    }

    @Test
    void configLivesUnderLxcpathUnderRoot() {
        LxcBackend backend = new LxcBackend(root, ToolPaths.DEFAULT, runner);

        assertThat(backend.configPath("zigbee2mqtt")).isEqualTo(root.resolve("var/lib/lxc/zigbee2mqtt/config"));
        assertThat(backend.lockPath("zigbee2mqtt")).isEmpty();
        assertThat(backend.syntax()).isEqualTo(ConfigSyntax.LXC);
        assertThat(backend.kind()).isEqualTo("lxc");
    }

    @Test
    void nameWithSlashIsRefused() {
        assertThatThrownBy(() -> backend(false).configPath("../x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultLxcpathIsNotPassedToTools() throws IOException {
        runner.answer("/usr/bin/lxc-info", 0, "STOPPED\n", "");

        assertThat(backend(false).status("ha").state()).isEqualTo(RunState.STOPPED);
        assertThat(runner.commands).containsExactly(List.of("/usr/bin/lxc-info", "-n", "ha", "-s", "-p", "-H"));
    }

    @Test
    void otherLxcpathIsPassedWithP() throws IOException {
        LxcBackend backend = new LxcBackend(root, "/srv/lxc", ToolPaths.DEFAULT, runner);
        runner.answer("/usr/bin/lxc-info", 0, "RUNNING\n77\n", "");

        backend.status("ha");

        assertThat(runner.commands).containsExactly(List.of("/usr/bin/lxc-info", "-n", "ha", "-P",
                root.resolve("srv/lxc").toString(), "-s", "-p", "-H"));
    }

    @Test
    void withoutSystemdRestartStopsAndStartsDaemonized() throws IOException {
        backend(false).restart("ha");

        assertThat(runner.commands).containsExactly(
                List.of("/usr/bin/lxc-stop", "-n", "ha"),
                List.of("/usr/bin/lxc-start", "-n", "ha"));
    }

    @Test
    void withSystemdAndActiveLxcUnitRestartGoesThroughTheUnit() throws IOException {
        backend(true).restart("ha");

        assertThat(runner.commands).containsExactly(
                List.of("/usr/bin/systemctl", "is-active", "--quiet", "lxc@ha.service"),
                List.of("/usr/bin/systemctl", "restart", "lxc@ha.service"));
    }

    @Test
    void withSystemdButNoLxcUnitRestartStartsInATransientUnit() throws IOException {
        runner.answer("/usr/bin/systemctl", 3, "", "");

        backend(true).restart("ha");

        assertThat(runner.commands).containsExactly(
                List.of("/usr/bin/systemctl", "is-active", "--quiet", "lxc@ha.service"),
                List.of("/usr/bin/lxc-stop", "-n", "ha"),
                List.of("/usr/bin/systemd-run", "--unit=ctplug-lxc-ha", "--collect", "--property=Delegate=yes",
                        "/usr/bin/lxc-start", "-F", "-n", "ha"));
    }

    @Test
    void failedStopDoesNotStart() {
        runner.answer("/usr/bin/lxc-stop", 2, "", "ha is not running\n");

        assertThatThrownBy(() -> backend(false).restart("ha")).isInstanceOf(IOException.class)
                .hasMessageContaining("ha is not running");
        assertThat(runner.commands).hasSize(1);
    }

    @Test
    void idMapComesFromIdmapLinesOnly() {
        assertThat(backend(false).idMap("lxc.idmap = u 0 100000 65536\nlxc.idmap = g 0 100000 65536\n"))
                .contains(IdMap.PROXMOX_DEFAULT);
        assertThat(backend(false).idMap("lxc.idmap = u 0 100000 65536\nlxc.idmap = g 0 100000 20\n"
                + "lxc.idmap = g 20 20 1\nlxc.idmap = g 21 100021 65515\n").orElseThrow().hostGid(20)).hasValue(20);
        assertThat(backend(false).idMap("lxc.uts.name = ha\n")).isEmpty();
    }
}
