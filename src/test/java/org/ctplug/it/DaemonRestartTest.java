package org.ctplug.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ctplug.testing.HostTest;
import org.ctplug.testing.HostFiles;
import org.ctplug.testing.Tty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** on_plug: restart with a real container: bursts give one restart, a flapping device no loop. */
class DaemonRestartTest extends HostTest {
    Path stopLog;

    @BeforeEach
    void setUp() throws Exception {
        runningContainer("ctplug-restart", false);
        stopLog = dir.resolve("lxc-stop.log");
    }

    private void startDaemon(String kernel, String interval) throws Exception {
        Path stop = HostFiles.recordingWrapper(dir, "/usr/bin/lxc-stop", stopLog);
        Path file = dir.resolve("devices.yaml");
        Files.writeString(file, """
                version: 1
                backend: lxc
                defaults: {on_plug: restart}
                daemon: {restart_interval: %s}
                tools: {lxc-stop: %s}
                devices:
                  serial-test:
                    match: {kernel: "%s"}
                    link: ttyCtplugRestart
                    containers:
                      - id: %s
                        path: /dev/ttyZigbee
                """.formatted(interval, stop, kernel, ct.name));
        startDaemon(null, List.of(), Map.of(), file);
    }

    private int restarts() throws Exception {
        return HostFiles.lines(stopLog).size();
    }

    @Test
    void tenReplugsWithinASecondGiveExactlyOneRestartAndAnUnplugNone() throws Exception {
        Tty.event("ttyS0", "remove");
        startDaemon("ttyS0", "30s");
        assertThat(restarts()).isZero();

        for (int i = 0; i < 10; i++) {
            Tty.event("ttyS0", "remove");
            Tty.event("ttyS0", "add");
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> restarts() == 1 && ct.open("/dev/ttyZigbee").equals("ok"));
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> restarts() == 1);

        Tty.event("ttyS0", "remove");
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> restarts() == 1);
        assertThat(ct.state()).isEqualTo("RUNNING");
    }

    @Test
    void anotherDevicesEventWhileTheRestartWaitsForThePauseDoesNotLoseTheRestart() throws Exception {
        Tty.event("ttyS0", "remove");
        startDaemon("ttyS0", "1s");
        assertThat(restarts()).isZero();

        Tty.event("ttyS0", "add");
        // within the second the restart waits for: an event that feeds no container, whose pass
        // looks at none
        Tty.event("tty5", "change");

        await().atMost(Duration.ofSeconds(20)).until(() -> restarts() == 1 && ct.open("/dev/ttyZigbee").equals("ok"));
    }

    @Test
    void aDeviceFlappingForAMinuteRestartsNoMoreThanTheRateLimitAllows() throws Exception {
        Tty.event("tty6", "remove");
        startDaemon("tty[56]", "10s");
        await().atMost(Duration.ofSeconds(30)).until(() -> restarts() == 1);

        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        boolean five = true;
        while (System.nanoTime() < end) {
            // each swap gives the device a new minor: every one of them would want a restart
            Tty.event(five ? "tty5" : "tty6", "remove");
            Tty.event(five ? "tty6" : "tty5", "add");
            five = !five;
            Thread.sleep(250);
        }

        // one restart at the start, then at most one per 10 s interval
        int allowed = 1 + 60 / 10;
        assertThat(restarts()).isBetween(2, allowed);
        System.out.println("restarts while flapping for 60 s with restart_interval 10s: " + (restarts() - 1));
    }
}
