package org.ctplug.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ctplug.testing.HostTest;
import org.ctplug.testing.NotifySocket;
import org.junit.jupiter.api.Test;

/**
 * A restart whose lxc-stop takes longer than the watchdog interval: the daemon keeps pinging
 * while the stop is within its bound, so systemd would not kill it between stop and start.
 */
class WatchdogDuringRestartHostTest extends HostTest {
    /** WatchdogSec=2: the daemon pings every second. */
    static final String WATCHDOG_USEC = "2000000";

    @Test
    void aStopSlowerThanTheWatchdogIntervalIsPingedThroughAndTheRestartCompletes() throws Exception {
        int pid = runningContainer("ctplug-watchdog", false);
        Path began = dir.resolve("stop-began");
        Path ended = dir.resolve("stop-ended");
        Path slowStop = dir.resolve("lxc-stop-slow");
        Files.writeString(slowStop, """
                #!/bin/sh
                touch '%s'
                sleep 4
                /usr/bin/lxc-stop "$@"; rc=$?
                touch '%s'
                exit $rc
                """.formatted(began, ended));
        Files.setPosixFilePermissions(slowStop, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path mapping = dir.resolve("devices.yaml");
        Files.writeString(mapping, """
                version: 1
                backend: lxc
                defaults: {on_plug: restart}
                tools: {lxc-stop: %s}
                devices:
                  serial-test:
                    match: {kernel: tty5}
                    link: ttyCtplugWatchdog
                    containers: [{id: %s, path: /dev/ttySlow}]
                """.formatted(slowStop, ct.name));

        try (NotifySocket systemd = new NotifySocket(dir.resolve("notify"))) {
            startDaemon(null, List.of(), Map.of("NOTIFY_SOCKET", systemd.path.toString(),
                    "WATCHDOG_USEC", WATCHDOG_USEC), mapping);
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(began));
            long before = systemd.count("WATCHDOG=1");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(ended));
            long during = systemd.count("WATCHDOG=1") - before;

            assertThat(during).as("pings while lxc-stop ran for over 4 s").isGreaterThanOrEqualTo(3);
            await().atMost(Duration.ofSeconds(30)).until(() -> ct.open("/dev/ttySlow").equals("ok"));
            assertThat(ct.initPid()).isNotEqualTo(pid);
            assertThat(daemon.process.isAlive()).isTrue();
        }
    }
}
