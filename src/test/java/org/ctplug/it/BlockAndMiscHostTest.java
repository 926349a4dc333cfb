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
import org.ctplug.testing.Zram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kinds other than ttys on the real thing: zram block devices, hot-added and hot-removed with
 * real kernel uevents and a real udevd, and tun, built into the kernel at 10:200, in real busybox
 * containers with a deny-all device cgroup.
 */
class BlockAndMiscHostTest extends HostTest {
    static final Duration WAIT = Duration.ofSeconds(15);
    final Zram zram = new Zram();

    @AfterEach
    void removeZram() {
        if (ct != null) {
            ct.close();
            ct = null;
        }
        zram.close();
    }

    Path zramMapping(int index) throws Exception {
        Path file = dir.resolve("devices.yaml");
        Files.writeString(file, """
                version: 1
                backend: lxc
                devices:
                  zram-test:
                    match: {subsystem: block, kernel: "zram%d"}
                    link: ctplugZram
                    containers:
                      - id: %s
                        path: /dev/ctplug-zram
                """.formatted(index, ct.name));
        return file;
    }

    String inside(String path) {
        var out = ct.attach("stat", "-c", "%F %t:%T", path);
        return out.exit() == 0 ? out.stdout().strip() : "absent";
    }

    static String hex(String dev) {
        String[] mm = dev.split(":");
        return Integer.toHexString(Integer.parseInt(mm[0])) + ":" + Integer.toHexString(Integer.parseInt(mm[1]));
    }

    @Test
    void aHotAddedZramDeviceIsABlockNodeThatOpensGoesOnHotRemoveAndComesBack() throws Exception {
        runningContainer("ctplug-zram", false);
        int index = zram.add();
        String dev = Zram.dev(index);
        startDaemon(null, List.of(), Map.of(), zramMapping(index));

        await().atMost(WAIT).until(() -> ct.open("/dev/ctplug-zram").equals("ok"));
        assertThat(inside("/dev/ctplug-zram")).isEqualTo("block special file " + hex(dev));
        // the config follows the live steps
        await().atMost(WAIT).untilAsserted(() -> assertThat(Files.readAllLines(ct.config()))
                .contains(layout.allowKey() + " = b " + dev + " rwm"));
        // the host side is udev's: ctplug's rule gave the node its link and its entry
        await().atMost(WAIT).until(() -> Files.isSymbolicLink(Path.of("/dev/ctplugZram")));
        assertThat(Shell.run("udevadm", "info", "--query=property", "/dev/zram" + index).ok().stdout())
                .contains("CTPLUG_ENTRY=zram-test");

        zram.remove(index);
        await().atMost(WAIT).until(() -> inside("/dev/ctplug-zram").equals("absent"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(Files.readAllLines(ct.config()))
                .noneMatch(l -> l.contains(" b " + dev)));

        assertThat(zram.add()).as("the kernel reuses the lowest free index").isEqualTo(index);
        await().atMost(WAIT).until(() -> ct.open("/dev/ctplug-zram").equals("ok"));
    }

    @Test
    void aMappingEditNamingAnotherZramDeviceReplacesTheNodeAndTheRuleLive() throws Exception {
        int pid = runningContainer("ctplug-zram", false);
        int first = zram.add();
        int second = zram.add();
        startDaemon(null, List.of(), Map.of(), zramMapping(first));
        await().atMost(WAIT).until(() -> inside("/dev/ctplug-zram").endsWith(hex(Zram.dev(first))));

        zramMapping(second);
        daemon.signal("HUP");

        await().atMost(WAIT).until(() -> inside("/dev/ctplug-zram").endsWith(hex(Zram.dev(second))));
        assertThat(ct.open("/dev/ctplug-zram")).isEqualTo("ok");
        await().atMost(WAIT).untilAsserted(() -> assertThat(Files.readAllLines(ct.config()).stream()
                .filter(l -> l.startsWith(layout.allowKey() + " = b ")))
                .containsExactly(layout.allowKey() + " = b " + Zram.dev(second) + " rwm"));
        // the old number is denied live: a node of it made inside does not open
        Shell.run("mknod", "/proc/" + ct.initPid() + "/root/dev/ctplug-old", "b",
                Zram.dev(first).split(":")[0], Zram.dev(first).split(":")[1]).ok();
        assertThat(ct.open("/dev/ctplug-old")).contains("Operation not permitted");
        assertThat(ct.initPid()).isEqualTo(pid);
    }

    Path tunMapping() throws Exception {
        Path file = dir.resolve("devices.yaml");
        Files.writeString(file, """
                version: 1
                backend: lxc
                devices:
                  tun:
                    match: {subsystem: misc, kernel: tun}
                    containers: [%s]
                """.formatted(ct.name));
        return file;
    }

    /** The container's grants of misc devices (major 10); the basic ones of the deny-all set are others. */
    List<String> grants() throws Exception {
        return Files.readAllLines(ct.config()).stream().filter(l -> l.startsWith(layout.allowKey() + " = c 10:"))
                .toList();
    }

    @Test
    void tunIsThereAtStartWithExactlyItsRuleAndAReconcileLeavesItAsItIs() throws Exception {
        ct = LxcContainer.create("ctplug-tun", true, false);
        Path mapping = tunMapping();
        assertThat(Main.run("apply", "--config", mapping.toString())).isEqualTo(Main.OK);
        ct.start();

        assertThat(ct.open("/dev/net/tun")).isEqualTo("ok");
        assertThat(inside("/dev/net/tun")).isEqualTo("character special file a:c8");
        assertThat(grants()).containsExactly(layout.allowKey() + " = c 10:200 rwm");
        String config = Files.readString(ct.config());

        assertThat(Main.run("apply", "--config", mapping.toString())).isEqualTo(Main.OK);
        assertThat(Files.readString(ct.config())).isEqualTo(config);
        assertThat(ct.open("/dev/net/tun")).isEqualTo("ok");
    }

    @Test
    void theDaemonGivesARunningContainerTunLiveAndKeepsItAcrossEvents() throws Exception {
        int pid = runningContainer("ctplug-tun", false);
        startDaemon(null, List.of(), Map.of(), tunMapping());

        await().atMost(WAIT).until(() -> ct.open("/dev/net/tun").equals("ok"));
        // the config follows the live steps
        await().atMost(WAIT).untilAsserted(() -> assertThat(grants())
                .containsExactly(layout.allowKey() + " = c 10:200 rwm"));
        String config = Files.readString(ct.config());
        // a change event makes the daemon look again; nothing has changed for it
        Files.writeString(Path.of("/sys/class/misc/tun/uevent"), "change");
        Thread.sleep(500);
        assertThat(ct.open("/dev/net/tun")).isEqualTo("ok");
        assertThat(Files.readString(ct.config())).isEqualTo(config);
        assertThat(ct.initPid()).isEqualTo(pid);
    }
}
