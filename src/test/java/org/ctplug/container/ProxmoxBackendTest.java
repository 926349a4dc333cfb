package org.ctplug.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.OptionalInt;

import org.ctplug.exec.ProcessRunner;
import org.ctplug.exec.ToolPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxmoxBackendTest {
    @TempDir
    Path root;

    private final RecordingRunner runner = new RecordingRunner();

    private ProxmoxBackend backend() {
        return new ProxmoxBackend(root, ToolPaths.DEFAULT, runner);
    }

    @Test
    void configAndLockLiveWherePctKeepsThem() {
        assertThat(backend().configPath("105")).isEqualTo(root.resolve("etc/pve/lxc/105.conf"));
        assertThat(backend().lockPath("105")).contains(root.resolve("run/lock/lxc/pve-config-105.lock"));
        assertThat(backend().syntax()).isEqualTo(ConfigSyntax.PROXMOX);
        assertThat(backend().kind()).isEqualTo("proxmox");
    }

    @Test
    void idThatIsNotACtidIsRefusedBeforeItReachesAPath() {
        assertThatThrownBy(() -> backend().configPath("../../etc/shadow")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> backend().configPath("99")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statusComesFromLxcInfo() throws IOException {
        runner.answer("/usr/bin/lxc-info", 0, "State:          RUNNING\nPID:            4242\n", "");

        ContainerStatus status = backend().status("105");

        assertThat(status).isEqualTo(new ContainerStatus("105", RunState.RUNNING, OptionalInt.of(4242)));
        assertThat(runner.commands).containsExactly(List.of("/usr/bin/lxc-info", "-n", "105", "-s", "-p", "-H"));
    }

    @Test
    void containerUnknownToLxcIsStopped() throws IOException {
        runner.answer("/usr/bin/lxc-info", 1, "", "105 doesn't exist\n");

        assertThat(backend().status("105").state()).isEqualTo(RunState.STOPPED);
    }

    @Test
    void unprivilegedWithoutIdmapUsesProxmoxDefault() {
        assertThat(backend().idMap("arch: amd64\nunprivileged: 1\n")).contains(IdMap.PROXMOX_DEFAULT);
    }

    @Test
    void explicitIdmapLinesWin() {
        String config = "unprivileged: 1\nlxc.idmap: u 0 200000 65536\nlxc.idmap: g 0 300000 65536\n";

        IdMap map = backend().idMap(config).orElseThrow();
        assertThat(map.hostUid(0)).hasValue(200000);
        assertThat(map.hostGid(0)).hasValue(300000);
    }

    @Test
    void theDialoutPassThroughRecipeIsReadInFull() {
        String config = "unprivileged: 1\nlxc.idmap: u 0 100000 65536\nlxc.idmap: g 0 100000 20\n"
                + "lxc.idmap: g 20 20 1\nlxc.idmap: g 21 100021 65515\n";

        IdMap map = backend().idMap(config).orElseThrow();
        assertThat(map.hostGid(20)).hasValue(20);
        assertThat(map.hostGid(21)).hasValue(100021);
    }

    @Test
    void privilegedContainerHasNoIdMap() {
        assertThat(backend().idMap("arch: amd64\nunprivileged: 0\n")).isEmpty();
        assertThat(backend().idMap("arch: amd64\n[snap]\nunprivileged: 1\n")).isEmpty();
    }

    @Test
    void restartCallsPctReboot(@TempDir Path bin) throws IOException {
        Path log = bin.resolve("pct.log");
        Path pct = bin.resolve("pct");
        Files.writeString(pct, "#!/bin/sh\necho \"$@\" >> '" + log + "'\n");
        Files.setPosixFilePermissions(pct, PosixFilePermissions.fromString("rwxr-xr-x"));
        ToolPaths tools = new ToolPaths("/usr/bin/udevadm", pct.toString(), "/usr/bin/lxc-info", "/usr/bin/lxc-start",
                "/usr/bin/lxc-stop", "/usr/bin/lxc-cgroup", "/usr/bin/lxc-attach", "/usr/bin/lxc-wait",
                "/usr/bin/systemctl",
                "/usr/bin/systemd-run");

        new ProxmoxBackend(root, tools, new ProcessRunner()).restart("105");

        assertThat(Files.readAllLines(log)).containsExactly("reboot 105");
    }

    @Test
    void failingRebootIsAnErrorWithPctsMessage() {
        runner.answer("/usr/sbin/pct", 255, "", "CT 105 not running\n");

        assertThatThrownBy(() -> backend().restart("105"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("/usr/sbin/pct reboot 105")
                .hasMessageContaining("CT 105 not running");
    }
}
