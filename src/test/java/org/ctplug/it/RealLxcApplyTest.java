package org.ctplug.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ctplug.cli.Main;
import org.ctplug.testing.HostFiles;
import org.ctplug.testing.HostTest;
import org.ctplug.testing.LxcContainer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * `ctplug apply` on a real busybox container whose device cgroup denies everything but the
 * basics: only ctplug's cgroup line lets ttyS0 (4:64) through.
 */
class RealLxcApplyTest extends HostTest {
    Path stopLog;
    Path mapping;

    @BeforeEach
    void setUp() throws Exception {
        ct = LxcContainer.create("ctplug-apply", true, false);
        stopLog = dir.resolve("lxc-stop.log");
        Path stop = HostFiles.recordingWrapper(dir, "/usr/bin/lxc-stop", stopLog);
        mapping = dir.resolve("devices.yaml");
        Files.writeString(mapping, """
                version: 1
                backend: lxc
                defaults:
                  on_plug: restart
                tools:
                  lxc-stop: %s
                devices:
                  serial-test:
                    match: {kernel: ttyS0}
                    link: ttyCtplugLxcTest
                    containers:
                      - id: %s
                        path: /dev/ttyZigbee
                """.formatted(stop, ct.name));
    }

    @Test
    void withoutTheCgroupLineTheContainerRefusesTheDevice() throws Exception {
        Files.write(ct.config(), List.of("lxc.mount.entry = /dev/ttyS0 dev/ttyZigbee none bind,optional,create=file"),
                java.nio.file.StandardOpenOption.APPEND);
        ct.start();

        assertThat(ct.attach("stat", "-c", "%F %t:%T", "/dev/ttyZigbee").ok().stdout().strip())
                .isEqualTo("character special file 4:40");
        assertThat(ct.open("/dev/ttyZigbee")).contains("Operation not permitted");
    }

    @Test
    void applyWritesBothLinesRestartsOnceAndTheDeviceOpensInside() throws Exception {
        ct.start();
        int pidBefore = ct.initPid();
        String configBefore = Files.readString(ct.config());

        assertThat(Main.run("apply", "--config", mapping.toString())).isEqualTo(Main.OK);

        String config = Files.readString(ct.config());
        assertThat(config).startsWith(configBefore).contains(
                layout.allowKey() + " = c 4:64 rwm\n",
                "lxc.mount.entry = /dev/ttyCtplugLxcTest dev/ttyZigbee none bind,optional,create=file\n");
        assertThat(HostFiles.lines(stopLog)).hasSize(1);
        assertThat(ct.state()).isEqualTo("RUNNING");
        assertThat(ct.initPid()).isNotEqualTo(pidBefore);
        assertThat(ct.attach("stat", "-c", "%F %t:%T", "/dev/ttyZigbee").ok().stdout().strip())
                .isEqualTo("character special file 4:40");
        assertThat(ct.open("/dev/ttyZigbee")).isEqualTo("ok");

        int pidAfter = ct.initPid();
        assertThat(Main.run("apply", "--config", mapping.toString())).isEqualTo(Main.OK);
        assertThat(HostFiles.lines(stopLog)).hasSize(1);
        assertThat(ct.initPid()).isEqualTo(pidAfter);
        assertThat(Files.readString(ct.config())).isEqualTo(config);
    }

    @Test
    void aStoppedContainerIsConfiguredButLeftStopped() throws Exception {
        assertThat(Main.run("apply", "--config", mapping.toString())).isEqualTo(Main.OK);

        assertThat(Files.readString(ct.config())).contains(layout.allowKey() + " = c 4:64 rwm");
        assertThat(ct.state()).isEqualTo("STOPPED");
        assertThat(HostFiles.lines(stopLog)).isEmpty();
    }
}
