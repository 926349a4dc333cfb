package org.ctplug.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ctplug.netlink.UeventSender;
import org.ctplug.testing.HostTest;
import org.ctplug.testing.HostFiles;
import org.ctplug.testing.NobodySender;
import org.ctplug.testing.NotifySocket;
import org.ctplug.testing.Tty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's uevent socket: who may talk to it, what an overflow does, and systemd notify. */
class DaemonNetlinkTest extends HostTest {
    static final int PRIVATE_GROUP = 1 << 25;
    static final Path STATE = HostFiles.STATE_DIR.resolve("state.json");

    @TempDir
    Path senderDir;

    private Path mapping(String kernel) throws Exception {
        Path file = dir.resolve("devices.yaml");
        Files.writeString(file, "version: 1\nbackend: lxc\ndevices:\n  serial-test:\n    match: {kernel: " + kernel
                + "}\n    link: ttyCtplugNetlink\n    containers: [ctplug-no-such-container]\n");
        return file;
    }

    private boolean stateHas(String devname) throws Exception {
        return Files.exists(STATE) && Files.readString(STATE).contains("/" + devname + "\"");
    }

    @Test
    void aMessageFromANonRootSenderIsDroppedAndTheSameBytesFromRootAccepted() throws Exception {
        startDaemon("ttyS0", List.of(), Map.of(), mapping("ttyS0"), "--netlink-group",
                String.valueOf(PRIVATE_GROUP));
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(STATE));
        // the device comes back, but the daemon listens on a private group and does not hear it
        Tty.event("ttyS0", "add");
        NobodySender sender = new NobodySender(senderDir);
        // the device's own devpath: the daemon reads again what an event names, nothing else
        String devpath = "/" + Path.of("/sys").relativize(Path.of("/sys/class/tty/ttyS0").toRealPath());
        String[] message = {String.valueOf(PRIVATE_GROUP), "1", "add", devpath, "SUBSYSTEM=tty", "DEVNAME=ttyS0"};

        sender.send(true, message);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> daemon.logText().contains("dropped a uevent message: sender uid 65534 is not root"));
        assertThat(stateHas("ttyS0")).isFalse();

        sender.send(false, message);
        await().atMost(Duration.ofSeconds(15)).until(() -> stateHas("ttyS0"));
    }

    @Test
    void anOverflowIsSeenAndOnlyTheResyncFindsTheDevice() throws Exception {
        startDaemon("tty5", List.of(), Map.of(), mapping("tty5"), "--receive-buffer", "4096");
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(STATE));
        assertThat(stateHas("tty5")).isFalse();

        daemon.signal("STOP");
        try (UeventSender sender = UeventSender.open()) {
            byte[] junk = UeventSender.udevMessage("change", "/devices/virtual/ctplug-flood/x",
                    Map.of("SUBSYSTEM", "ctplug-flood"));
            for (int i = 0; i < 5000; i++) {
                sender.send(2, junk);
            }
        }
        Tty.event("tty5", "add");
        daemon.signal("CONT");

        await().atMost(Duration.ofSeconds(15)).until(() -> stateHas("tty5"));
        assertThat(daemon.logText()).contains("uevents were lost");
    }

    @Test
    void theDaemonNotifiesReadyAndFeedsTheWatchdogFromItsLoop() throws Exception {
        try (NotifySocket notify = new NotifySocket(dir.resolve("notify"))) {
            startDaemon(null, List.of(), Map.of("NOTIFY_SOCKET", notify.path.toString(), "WATCHDOG_USEC", "400000"),
                    mapping("ttyS0"));

            await().atMost(Duration.ofSeconds(15)).until(() -> notify.count("READY=1") == 1);
            await().atMost(Duration.ofSeconds(15)).until(() -> notify.count("WATCHDOG=1") >= 5);
            assertThat(notify.messages).anyMatch(m -> m.contains("STATUS=") && m.contains("devices seen"));

            daemon.process.destroy();
            assertThat(daemon.process.waitFor()).isEqualTo(0);
            assertThat(notify.count("STOPPING=1")).isEqualTo(1);
        }
    }

    @Test
    void toolsTheDaemonRunsDoNotInheritTheNotifySocket() throws Exception {
        Path log = dir.resolve("udevadm-env");
        Path udevadm = dir.resolve("udevadm-env-recording");
        Files.writeString(udevadm, "#!/bin/sh\nenv >> '" + log + "'\nexec /usr/bin/udevadm \"$@\"\n");
        udevadm.toFile().setExecutable(true);
        Path file = mapping("ttyS0");
        Files.writeString(file, Files.readString(file) + "tools:\n  udevadm: " + udevadm + "\n");
        try (NotifySocket notify = new NotifySocket(dir.resolve("notify"))) {
            startDaemon(null, List.of(), Map.of("NOTIFY_SOCKET", notify.path.toString(), "WATCHDOG_USEC", "400000"),
                    file);

            await().atMost(Duration.ofSeconds(15)).until(() -> notify.count("READY=1") == 1);
            await().atMost(Duration.ofSeconds(15)).until(() -> HostFiles.lines(log).stream()
                    .anyMatch(l -> l.startsWith("PATH=")));
            assertThat(HostFiles.lines(log)).as("environment of udevadm run by the daemon")
                    .noneMatch(l -> l.startsWith("NOTIFY_SOCKET=") || l.startsWith("WATCHDOG_"));
        }
    }
}
