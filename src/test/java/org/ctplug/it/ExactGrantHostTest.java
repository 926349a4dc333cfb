package org.ctplug.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ctplug.cli.Main;
import org.ctplug.testing.HostTest;
import org.ctplug.testing.LxcContainer;
import org.ctplug.testing.Shell;
import org.ctplug.testing.Tty;
import org.junit.jupiter.api.Test;

/**
 * A container gets exactly its device: real busybox containers with a deny-all device cgroup,
 * real uevents for ttyS0 (4:64) and the consoles tty5 (4:5) and tty6 (4:6). A whole-major rule
 * would let them open any node of major 4 they make, the host's consoles among them.
 */
class ExactGrantHostTest extends HostTest {
    static final Duration WAIT = Duration.ofSeconds(15);

    Path mapping(String kernel, String onPlug) throws Exception {
        Path file = dir.resolve("devices.yaml");
        Files.writeString(file, """
                version: 1
                backend: lxc
                defaults: {on_plug: %s}
                devices:
                  serial-test:
                    match: {kernel: "%s"}
                    link: ttyCtplugGrant
                    containers:
                      - id: %s
                        path: /dev/ttyZigbee
                """.formatted(onPlug, kernel, ct.name));
        return file;
    }

    /**
     * A node for {@code major:minor} in the container's /dev, made by the container itself where
     * its device cgroup lets it (mknod needs the device's 'm' access), else by the host through
     * /proc/PID/root: either way the container has the node, and only its cgroup decides the open.
     */
    String nodeInside(int major, int minor) {
        String path = "/dev/ctplug-probe-" + major + "-" + minor;
        if (ct.attach("mknod", path, "c", String.valueOf(major), String.valueOf(minor)).exit() != 0) {
            Shell.run("mknod", "/proc/" + ct.initPid() + "/root" + path, "c", String.valueOf(major),
                    String.valueOf(minor)).ok();
        }
        assertThat(ct.attach("stat", "-c", "%F", path).ok().stdout().strip()).isEqualTo("character special file");
        return path;
    }

    List<String> grantLines() throws Exception {
        return Files.readAllLines(ct.config()).stream().filter(l -> l.startsWith(layout.allowKey()) && l.contains(" 4:")).toList();
    }

    String nodeNumber() {
        var out = ct.attach("stat", "-c", "%t:%T", "/dev/ttyZigbee");
        return out.exit() == 0 ? out.stdout().strip() : "absent";
    }

    @Test
    void aRestartedPrivilegedContainerMappedTtyS0OpensItButNoOtherDeviceOfItsMajor() throws Exception {
        ct = LxcContainer.create("ctplug-exact", true, false);
        ct.start();
        int before = ct.initPid();

        assertThat(Main.run("apply", "--config", mapping("ttyS0", "restart").toString())).isEqualTo(Main.OK);

        assertThat(ct.initPid()).isNotEqualTo(before);
        assertThat(grantLines()).containsExactly(layout.allowKey() + " = c 4:64 rwm");
        assertThat(ct.open("/dev/ttyZigbee")).isEqualTo("ok");
        assertThat(ct.open(nodeInside(4, 1))).contains("Operation not permitted");
        assertThat(ct.open(nodeInside(4, 5))).contains("Operation not permitted");
    }

    @Test
    void afterAnUnplugTheContainersOwnNodeForTheGoneMinorIsRefusedLive() throws Exception {
        int pid = runningContainer("ctplug-unplug", false);
        startDaemon("ttyS0", List.of(), Map.of(), mapping("ttyS0", "hotplug"));
        Tty.event("ttyS0", "add");
        await().atMost(WAIT).until(() -> ct.open("/dev/ttyZigbee").equals("ok"));
        String own = nodeInside(4, 64);
        assertThat(ct.open(own)).isEqualTo("ok");

        Tty.event("ttyS0", "remove");

        await().atMost(WAIT).until(() -> nodeNumber().equals("absent"));
        await().atMost(WAIT).until(() -> ct.open(own).contains("Operation not permitted"));
        // the config follows the live steps
        await().atMost(WAIT).untilAsserted(() -> assertThat(grantLines()).isEmpty());
        assertThat(ct.initPid()).isEqualTo(pid);
    }

    @Test
    void replugWithNewMinorIntoAStoppedContainerLeavesOnlyTheNewGrantInItsConfig() throws Exception {
        ct = LxcContainer.create("ctplug-replug-stopped", true, false);
        Path mapping = mapping("tty[56]", "hotplug");
        Tty.event("tty6", "remove");
        assertThat(Main.run("apply", "--config", mapping.toString())).isEqualTo(Main.OK);
        assertThat(grantLines()).containsExactly(layout.allowKey() + " = c 4:5 rwm");

        Tty.event("tty5", "remove");
        Tty.event("tty6", "add");
        assertThat(Main.run("apply", "--config", mapping.toString())).isEqualTo(Main.OK);

        assertThat(grantLines()).containsExactly(layout.allowKey() + " = c 4:6 rwm");
        assertThat(ct.state()).isEqualTo("STOPPED");
    }

    @Test
    void replugWithNewMinorIntoARunningContainerOpensTheNewAndRefusesTheOld() throws Exception {
        int pid = runningContainer("ctplug-replug-live", false);
        startDaemon("tty6", List.of(), Map.of(), mapping("tty[56]", "hotplug"));
        await().atMost(WAIT).until(() -> nodeNumber().equals("4:5") && ct.open("/dev/ttyZigbee").equals("ok"));
        String old = nodeInside(4, 5);
        assertThat(ct.open(old)).isEqualTo("ok");

        Tty.event("tty5", "remove");
        Tty.event("tty6", "add");

        await().atMost(WAIT).until(() -> nodeNumber().equals("4:6"));
        assertThat(ct.open("/dev/ttyZigbee")).isEqualTo("ok");
        await().atMost(WAIT).until(() -> ct.open(old).contains("Operation not permitted"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(grantLines())
                .containsExactly(layout.allowKey() + " = c 4:6 rwm"));
        assertThat(ct.initPid()).isEqualTo(pid);
    }
}
