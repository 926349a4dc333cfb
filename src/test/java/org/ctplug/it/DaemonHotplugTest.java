package org.ctplug.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ctplug.testing.DaemonProcess;
import org.ctplug.testing.HostFiles;
import org.ctplug.testing.LxcContainer;
import org.ctplug.testing.Tty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon with a real udevd and a real running container whose device cgroup denies
 * everything but the basics: plug, unplug and re-plug arrive as real uevents, and the node
 * follows live, without a restart.
 */
@Tag("host")
class DaemonHotplugTest {
    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    LxcContainer ct;
    DaemonProcess daemon;

    @BeforeEach
    void setUp() throws Exception {
        HostFiles.requireHost();
        HostFiles.clean();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        if (ct != null) {
            ct.close();
        }
        Tty.restoreAll();
        HostFiles.clean();
    }

    Path mapping(String kernel, String container) throws Exception {
        Path file = dir.resolve("devices.yaml");
        Files.writeString(file, """
                version: 1
                backend: lxc
                devices:
                  serial-test:
                    match: {kernel: "%s"}
                    link: ttyCtplugDaemon
                    containers:
                      - id: %s
                        path: /dev/ttyZigbee
                        gid: 20
                """.formatted(kernel, container));
        return file;
    }

    String nodeInside() {
        var out = ct.attach("stat", "-c", "%t:%T", "/dev/ttyZigbee");
        return out.exit() == 0 ? out.stdout().strip() : "absent";
    }

    @Test
    void plugMakesTheNodeOpenableWithoutRestartAndUnplugRemovesIt() throws Exception {
        ct = LxcContainer.create("ctplug-hot", true, false);
        ct.start();
        int pid = ct.initPid();
        Tty.event("ttyS0", "remove");
        daemon = DaemonProcess.start(dir, List.of(), Map.of(), "--config",
                mapping("ttyS0", ct.name).toString());

        Tty.event("ttyS0", "add");
        await().atMost(WAIT).until(() -> ct.open("/dev/ttyZigbee").equals("ok"));
        assertThat(nodeInside()).isEqualTo("4:40");
        assertThat(ct.initPid()).isEqualTo(pid);

        Tty.event("ttyS0", "remove");
        await().atMost(WAIT).until(() -> nodeInside().equals("absent"));
        assertThat(ct.initPid()).isEqualTo(pid);
    }

    /**
     * As far as systemd's confinement can be had without systemd: no new privileges and only
     * the capabilities ctplug.service's CapabilityBoundingSet= leaves.
     */
    @Test
    void plugAndUnplugWorkUnderTheUnitsCapabilityBoundingSet() throws Exception {
        ct = LxcContainer.create("ctplug-confined", true, false);
        ct.start();
        int pid = ct.initPid();
        Tty.event("ttyS0", "remove");
        List<String> setpriv = List.of("setpriv", "--no-new-privs", "--inh-caps=-all",
                "--bounding-set=-all," + unitCapabilities(), "--");
        daemon = DaemonProcess.start(dir, setpriv, Map.of(), "--config", mapping("ttyS0", ct.name).toString());
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
        ct = LxcContainer.create("ctplug-replug", true, false);
        ct.start();
        int pid = ct.initPid();
        Tty.event("tty6", "remove");
        daemon = DaemonProcess.start(dir, List.of(), Map.of(), "--config",
                mapping("tty[56]", ct.name).toString());
        await().atMost(WAIT).until(() -> nodeInside().equals("4:5"));

        Tty.event("tty5", "remove");
        Tty.event("tty6", "add");

        await().atMost(WAIT).until(() -> nodeInside().equals("4:6"));
        assertThat(ct.open("/dev/ttyZigbee")).isEqualTo("ok");
        assertThat(ct.initPid()).isEqualTo(pid);
    }

    @Test
    void unprivilegedContainerOpensTheNodeForTheMappedGroupLiveAndAfterRestart() throws Exception {
        ct = LxcContainer.create("ctplug-unpriv", true, true);
        ct.start();
        int pid = ct.initPid();
        Tty.event("ttyS0", "remove");
        daemon = DaemonProcess.start(dir, List.of(), Map.of(), "--config",
                mapping("ttyS0", ct.name).toString());

        Tty.event("ttyS0", "add");
        await().atMost(WAIT).until(() -> openAs(1000, 20).equals("ok"));
        assertThat(openAs(1000, 1000)).contains("Permission denied");
        assertThat(ct.initPid()).isEqualTo(pid);

        ct.stop();
        ct.start();
        await().atMost(WAIT).until(() -> openAs(1000, 20).equals("ok"));
    }

    String openAs(int uid, int gid) {
        var o = ct.attachAs(uid, gid, "sh", "-c", "[ -c /dev/ttyZigbee ] && exec 3<>/dev/ttyZigbee && echo ok");
        return (o.stdout() + o.stderr()).strip();
    }
}
