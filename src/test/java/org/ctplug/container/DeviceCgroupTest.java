package org.ctplug.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ctplug.exec.CommandRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceCgroupTest {
    @TempDir
    Path root;
    Path proc;
    Path devices;
    List<List<String>> calls = new ArrayList<>();
    CommandRunner runner = argv -> {
        calls.add(argv);
        return new CommandRunner.Result(0, "", "");
    };

    @BeforeEach
    void setUp() throws IOException {
        proc = root.resolve("proc");
        devices = root.resolve("cgroup/devices");
        Files.createDirectories(proc.resolve("4242"));
        Files.writeString(proc.resolve("4242/cgroup"), "12:pids:/lxc.payload.ha\n5:devices:/lxc.payload.ha\n"
                + "1:name=systemd:/lxc.payload.ha\n0::/lxc.payload.ha\n");
        Files.createDirectories(devices.resolve("lxc.payload.ha"));
        Files.writeString(devices.resolve("lxc.payload.ha/devices.allow"), "");
        Files.writeString(devices.resolve("lxc.payload.ha/devices.deny"), "");
    }

    @Test
    void aDenyOnV1OrWithoutTheSocketRouteIsDoneBeforeBeginDenyReturns() throws IOException {
        Optional<DeviceCgroup.Pending> v1 = new DeviceCgroup(proc, Optional.of(devices), Optional.empty(), "lxc-cgroup",
                runner).beginDeny("ha", 4242, CgroupRule.exact('c', 4, 64));
        assertThat(v1).isEmpty();
        assertThat(Files.readString(devices.resolve("lxc.payload.ha/devices.deny"))).isEqualTo("c 4:64 rwm");

        // a route whose monitor is not there: lxc-cgroup is asked at once, nothing is left under way
        LxcCommandSocket route = LxcCommandSocket.forVersion("5.0.2", root.resolve("no-lxc")).orElseThrow();
        Optional<DeviceCgroup.Pending> fallback = new DeviceCgroup(proc, Optional.empty(), Optional.of(route),
                "lxc-cgroup", runner).beginDeny("ha", 4242, CgroupRule.exact('c', 4, 65));
        assertThat(fallback).isEmpty();
        assertThat(calls).containsExactly(List.of("lxc-cgroup", "-n", "ha", "devices.deny", "c 4:65 rwm"));
    }

    @Test
    void onCgroupV1TheRuleGoesIntoInitsDevicesCgroup() throws IOException {
        new DeviceCgroup(proc, Optional.of(devices), Optional.empty(), "lxc-cgroup", runner).beginAllow("ha", 4242, CgroupRule.exact('c', 4, 64));

        assertThat(Files.readString(devices.resolve("lxc.payload.ha/devices.allow"))).isEqualTo("c 4:64 rwm");
        assertThat(calls).isEmpty();
    }

    @Test
    void onCgroup2LxcCgroupIsAsked() throws IOException {
        new DeviceCgroup(proc, Optional.empty(), Optional.empty(), "lxc-cgroup", runner).beginAllow("ha", 4242, CgroupRule.exact('c', 166, 1));

        assertThat(calls).containsExactly(List.of("lxc-cgroup", "-n", "ha", "devices.allow", "c 166:1 rwm"));
    }

    @Test
    void theHostsOwnCgroupIsNeverWritten() throws IOException {
        Files.writeString(proc.resolve("4242/cgroup"), "5:devices:/\n");
        Files.writeString(devices.resolve("devices.allow"), "");

        new DeviceCgroup(proc, Optional.of(devices), Optional.empty(), "lxc-cgroup", runner).beginAllow("ha", 4242, CgroupRule.exact('c', 4, 64));

        assertThat(Files.readString(devices.resolve("devices.allow"))).isEmpty();
        assertThat(calls).hasSize(1);
    }

    @Test
    void onCgroupV1ADenyGoesIntoInitsDevicesDenyFile() throws IOException {
        new DeviceCgroup(proc, Optional.of(devices), Optional.empty(), "lxc-cgroup", runner).beginDeny("ha", 4242, CgroupRule.exact('c', 4, 64));

        assertThat(Files.readString(devices.resolve("lxc.payload.ha/devices.deny"))).isEqualTo("c 4:64 rwm");
        assertThat(Files.readString(devices.resolve("lxc.payload.ha/devices.allow"))).isEmpty();
        assertThat(calls).isEmpty();
    }

    @Test
    void onCgroup2ADenyIsLxcCgroupsDevicesDeny() throws IOException {
        new DeviceCgroup(proc, Optional.empty(), Optional.empty(), "lxc-cgroup", runner).beginDeny("ha", 4242, CgroupRule.exact('c', 4, 5));

        assertThat(calls).containsExactly(List.of("lxc-cgroup", "-n", "ha", "devices.deny", "c 4:5 rwm"));
    }

    @Test
    void aRuleGoesToTheContainersCgroupNotTheInitsScopeBelowIt() {
        assertThat(DeviceCgroup.containerCgroup("lxc.payload.ha/init.scope")).isEqualTo("lxc.payload.ha");
        assertThat(DeviceCgroup.containerCgroup("lxc/105/ns/init.scope")).isEqualTo("lxc/105");
        assertThat(DeviceCgroup.containerCgroup("lxc.payload.ha")).isEqualTo("lxc.payload.ha");
        assertThat(DeviceCgroup.containerCgroup("lxc.payload.outer/lxc.payload.inner/init.scope"))
                .isEqualTo("lxc.payload.outer/lxc.payload.inner");
    }
}
