package org.ctplug.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ctplug.testing.HostTest;
import org.ctplug.testing.LxcContainer;
import org.ctplug.testing.Tty;
import org.junit.jupiter.api.Test;

/**
 * The daemon with a real udevd and a real running container whose device cgroup denies
 * everything but the basics: plug, unplug and re-plug arrive as real uevents, and the node
 * follows live, without a restart.
 */
class DaemonHotplugTest extends HostTest {
    static final Duration WAIT = Duration.ofSeconds(15);

    Path mapping(String kernel, String container) throws Exception {
        return ttyMapping(kernel, "ttyCtplugDaemon", container, "/dev/ttyZigbee", "20");
    }

    String nodeInside() {
        var out = ct.attach("stat", "-c", "%t:%T", "/dev/ttyZigbee");
        return out.exit() == 0 ? out.stdout().strip() : "absent";
    }

    @Test
    void plugMakesTheNodeOpenableWithoutRestartAndUnplugRemovesIt() throws Exception {
        int pid = runningContainer("ctplug-hot", false);
        startDaemon("ttyS0", List.of(), Map.of(), mapping("ttyS0", ct.name));

        Tty.event("ttyS0", "add");
        await().atMost(WAIT).until(() -> ct.open("/dev/ttyZigbee").equals("ok"));
        assertThat(nodeInside()).isEqualTo("4:40");
        assertThat(ct.initPid()).isEqualTo(pid);

        Tty.event("ttyS0", "remove");
        await().atMost(WAIT).until(() -> nodeInside().equals("absent"));
        assertThat(ct.initPid()).isEqualTo(pid);
    }

    /**
     * No program runs on the live path: on v1 the rule is written to devices.allow/deny, on
     * cgroup2 it goes to the container's LXC monitor over its command socket.
     */
    @Test
    void plugAndUnplugRunNoLxcCgroup() throws Exception {
        runningContainer("ctplug-hot", false);
        Path log = dir.resolve("lxc-cgroup.log");
        Path wrapper = org.ctplug.testing.HostFiles.recordingWrapper(dir, "/usr/bin/lxc-cgroup", log);
        Path file = mapping("ttyS0", ct.name);
        Files.writeString(file, Files.readString(file) + "tools:\n  lxc-cgroup: " + wrapper + "\n");
        startDaemon("ttyS0", List.of(), Map.of(), file);

        Tty.event("ttyS0", "add");
        await().atMost(WAIT).until(() -> ct.open("/dev/ttyZigbee").equals("ok"));
        Tty.event("ttyS0", "remove");
        await().atMost(WAIT).until(() -> nodeInside().equals("absent"));

        assertThat(org.ctplug.testing.HostFiles.lines(log)).as("lxc-cgroup runs on " + layout.name).isEmpty();
    }

    /**
     * The container side acts on the kernel's event: with udevd stopped (SIGSTOP), so it handles
     * nothing, the node still appears; the host link, udev's work, follows once it resumes.
     */
    @Test
    void aStoppedUdevdDoesNotHoldUpTheContainerAndTheHostLinkFollowsWhenItResumes() throws Exception {
        runningContainer("ctplug-hot", false);
        startDaemon("ttyS0", List.of(), Map.of(), mapping("ttyS0", ct.name));
        await().atMost(WAIT).until(() -> Files.exists(Path.of("/etc/udev/rules.d/70-ctplug.rules")));
        String udevd = org.ctplug.testing.Shell.run("pgrep", "-x", "systemd-udevd").ok().stdout().lines()
                .findFirst().orElseThrow();
        Path link = Path.of("/dev/ttyCtplugDaemon");
        assertThat(link).doesNotExist();

        org.ctplug.testing.Shell.run("kill", "-STOP", udevd).ok();
        try {
            // the kernel's event alone: no settle, which would wait for the stopped udevd
            Files.writeString(Path.of("/sys/class/tty/ttyS0/uevent"), "add");
            await().atMost(WAIT).until(() -> ct.open("/dev/ttyZigbee").equals("ok"));
            assertThat(link).as("udev's link while udevd is stopped").doesNotExist();
        } finally {
            org.ctplug.testing.Shell.run("kill", "-CONT", udevd).ok();
        }
        await().atMost(WAIT).until(() -> Files.isSymbolicLink(link));
        assertThat(ct.open("/dev/ttyZigbee")).isEqualTo("ok");
    }

    /**
     * A device that udev handles while ctplug writes its rules, before udev loads them, has no
     * link on the host; ctplug sees udev's event without its entry and replays the device. The
     * tty is plugged by lxc-info, which the first pass runs after it read the devices (ttyS0
     * still away) and before it writes the rules, and waits until udev has handled it.
     */
    @Test
    void aDeviceUdevHandledBeforeItLoadedTheRulesBeingWrittenGetsItsLink() throws Exception {
        runningContainer("ctplug-late", false);
        Path plugged = dir.resolve("plugged");
        Path info = dir.resolve("lxc-info-plugging");
        Files.writeString(info, "#!/bin/sh\nif [ ! -e '" + plugged + "' ]; then\n  : > '" + plugged + "'\n"
                + "  echo add > /sys/class/tty/ttyS0/uevent\n  udevadm settle\nfi\nexec /usr/bin/lxc-info \"$@\"\n");
        Files.setPosixFilePermissions(info, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = mapping("ttyS0", ct.name);
        Files.writeString(file, Files.readString(file) + "tools: {lxc-info: " + info + "}\n");
        Tty.event("ttyS0", "remove");

        startDaemon(null, List.of(), Map.of(), file);

        Path link = Path.of("/dev/ttyCtplugDaemon");
        await().atMost(WAIT).until(() -> Files.exists(plugged) && Files.isSymbolicLink(link));
        await().atMost(WAIT).until(() -> ct.open("/dev/ttyZigbee").equals("ok"));
        assertThat(daemon.logText()).contains("udevadm trigger --action=add /sys/devices/pnp0/");
    }

    /**
     * As far as systemd's confinement can be had without systemd: no new privileges and only
     * the capabilities ctplug.service's CapabilityBoundingSet= leaves.
     */
    @Test
    void plugAndUnplugWorkUnderTheUnitsCapabilityBoundingSet() throws Exception {
        int pid = runningContainer("ctplug-confined", false);
        List<String> setpriv = List.of("setpriv", "--no-new-privs", "--inh-caps=-all",
                "--bounding-set=-all," + unitCapabilities(), "--");
        startDaemon("ttyS0", setpriv, Map.of(), mapping("ttyS0", ct.name));
        String status = Files.readString(Path.of("/proc", String.valueOf(daemon.process.pid()), "status"));
        assertThat(status).contains("NoNewPrivs:\t1");

        Tty.event("ttyS0", "add");
        await().atMost(WAIT).until(() -> ct.open("/dev/ttyZigbee").equals("ok"));
        assertThat(ct.initPid()).isEqualTo(pid);
        Tty.event("ttyS0", "remove");
        await().atMost(WAIT).until(() -> nodeInside().equals("absent"));
    }

    /** "CAP_SYS_ADMIN CAP_MKNOD ..." from the unit, as setpriv writes them: "+sys_admin,+mknod". */
    static String unitCapabilities() throws Exception {
        String line = Files.readAllLines(Path.of("systemd/ctplug.service")).stream()
                .filter(l -> l.startsWith("CapabilityBoundingSet=")).findFirst().orElseThrow();
        return java.util.Arrays.stream(line.substring(line.indexOf('=') + 1).trim().split("\\s+"))
                .map(c -> "+" + c.toLowerCase(java.util.Locale.ROOT).replaceFirst("^cap_", ""))
                .collect(java.util.stream.Collectors.joining(","));
    }

    @Test
    void replugWithNewMinorReplacesNodeInRunningContainer() throws Exception {
        int pid = runningContainer("ctplug-replug", false);
        startDaemon("tty6", List.of(), Map.of(), mapping("tty[56]", ct.name));
        await().atMost(WAIT).until(() -> nodeInside().equals("4:5"));

        Tty.event("tty5", "remove");
        Tty.event("tty6", "add");

        await().atMost(WAIT).until(() -> nodeInside().equals("4:6"));
        assertThat(ct.open("/dev/ttyZigbee")).isEqualTo("ok");
        assertThat(ct.initPid()).isEqualTo(pid);
    }

    @Test
    void unprivilegedContainerOpensTheNodeForTheMappedGroupLiveAndAfterRestart() throws Exception {
        int pid = runningContainer("ctplug-unpriv", true);
        startDaemon("ttyS0", List.of(), Map.of(), mapping("ttyS0", ct.name));

        Tty.event("ttyS0", "add");
        await().atMost(WAIT).until(() -> ct.openAs(1000, 20, "/dev/ttyZigbee").equals("ok"));
        assertThat(ct.openAs(1000, 1000, "/dev/ttyZigbee")).contains("Permission denied");
        assertThat(ct.initPid()).isEqualTo(pid);

        ct.stop();
        ct.start();
        await().atMost(WAIT).until(() -> ct.openAs(1000, 20, "/dev/ttyZigbee").equals("ok"));
    }

    @Test
    void aSplitIdMapPassingHostDialoutThroughGivesTheNodeToGroup20LiveAndAfterRestart() throws Exception {
        ct = LxcContainer.create("ctplug-split", true, LxcContainer.DIALOUT_PASSED_THROUGH);
        ct.start();
        int pid = ct.initPid();
        startDaemon("ttyS0", List.of(), Map.of(), mapping("ttyS0", ct.name));

        Tty.event("ttyS0", "add");
        await().atMost(WAIT).until(() -> ct.openAs(1000, 20, "/dev/ttyZigbee").equals("ok"));
        assertThat(ct.attach("stat", "-c", "%u %g", "/dev/ttyZigbee").stdout().strip()).isEqualTo("0 20");
        assertThat(ct.openAs(1000, 1000, "/dev/ttyZigbee")).contains("Permission denied");
        assertThat(ct.initPid()).isEqualTo(pid);

        ct.stop();
        ct.start();
        await().atMost(WAIT).until(() -> ct.openAs(1000, 20, "/dev/ttyZigbee").equals("ok"));
        assertThat(ct.attach("stat", "-c", "%u %g", "/dev/ttyZigbee").stdout().strip()).isEqualTo("0 20");
    }

    @Test
    void anOwnerTheContainersIdMapDoesNotHoldIsRefusedWithAMessageNamingIt() throws Exception {
        // the recipe without its middle range: gid 20 inside maps to no host gid
        List<String> hole = LxcContainer.DIALOUT_PASSED_THROUGH.stream().filter(r -> !r.equals("g 20 20 1")).toList();
        ct = LxcContainer.create("ctplug-hole", true, hole);
        ct.start();
        startDaemon("ttyS0", List.of(), Map.of(), mapping("ttyS0", ct.name));

        Tty.event("ttyS0", "add");
        await().atMost(WAIT).until(() -> daemon.logText().contains("entry serial-test: gid 20"));
        assertThat(daemon.logText()).contains("entry serial-test: gid 20 (the lxc.idmap g ranges hold 0-19, 21-65535)"
                + " not mapped in container " + ct.name);
        assertThat(nodeInside()).isEqualTo("absent");
        assertThat(Files.readString(ct.config())).doesNotContain("ttyZigbee");
    }
}
