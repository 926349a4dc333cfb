package org.ctplug.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ctplug.host.Host;
import org.ctplug.testing.FakeHost;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ctplug apply` on a Proxmox-shaped root with a recording stand-in for pct. */
class ProxmoxApplyTest {
    static final String KEY = Host.cgroupKey();

    @TempDir
    Path root;
    FakeHost host;
    String original;
    Path config;

    @BeforeEach
    void setUp() throws IOException {
        host = new FakeHost(root);
        host.sysfs.cdcAcm();
        try (InputStream in = getClass().getResourceAsStream("/pve/105.conf")) {
            original = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        config = host.proxmoxConfig("105", original);
        host.containerState("105", "STOPPED");
    }

    private void mapping(String onPlug) throws IOException {
        host.mapping("""
                version: 1
                defaults:
                  on_plug: %s
                %%TOOLS%%
                devices:
                  zigbee:
                    match:
                      vendor: 0451
                      product: 16a8
                    link: ttyZigbee
                    containers: [105]
                """.formatted(onPlug));
    }

    private String configText() throws IOException {
        return Files.readString(config, StandardCharsets.ISO_8859_1);
    }

    @Test
    void onlyCtplugsLinesAreAddedAtTheEndOfTheMainSection() throws IOException {
        mapping("none");

        assertThat(host.ctplug("apply").exit()).isEqualTo(0);

        String expected = original.replace("swap: 512\n\n[initial]", "swap: 512\n" + KEY + ": c 166:0 rwm\n"
                + "lxc.mount.entry: /dev/ttyZigbee dev/ttyZigbee none bind,optional,create=file\n\n[initial]");
        assertThat(configText()).isEqualTo(expected);
    }

    @Test
    void removingTheEntryRestoresTheConfigByteForByte() throws IOException {
        mapping("none");
        host.ctplug("apply");
        host.mapping("version: 1\n%TOOLS%\ndevices: {}\n");

        assertThat(host.ctplug("apply").exit()).isEqualTo(0);

        assertThat(configText()).isEqualTo(original);
    }

    @Test
    void bytesInAnyEncodingSurviveAddingAndRemovingByteForByte() throws IOException {
        // a description in UTF-8, one in Latin-1 (not valid UTF-8), a hostname with a UTF-8 letter
        byte[] odd = ("#K\u00c3\u00bcche " + "caf\u00e9\n" + original.replace("hostname: z2m", "hostname: z\u00c3\u00a42m"))
                .getBytes(StandardCharsets.ISO_8859_1);
        Files.write(config, odd);
        mapping("none");
        host.ctplug("apply");
        assertThat(configText()).contains(KEY + ": c 166:0 rwm");
        host.mapping("version: 1\n%TOOLS%\ndevices: {}\n");

        host.ctplug("apply");

        assertThat(Files.readAllBytes(config)).isEqualTo(odd);
    }

    @Test
    void aSecondApplyWritesNoByteAndRunsNoCommand() throws IOException {
        mapping("restart");
        host.containerState("105", "RUNNING " + FakeHost.ABSENT_PID);
        host.ctplug("apply");
        String config = configText();
        long stateModified = Files.getLastModifiedTime(root.resolve("var/lib/ctplug/state.json")).toMillis();
        host.clearCommands();

        FakeHost.Run second = host.ctplug("apply");

        assertThat(second.exit()).isEqualTo(0);
        assertThat(host.commands()).isEmpty();
        assertThat(configText()).isEqualTo(config);
        assertThat(Files.getLastModifiedTime(root.resolve("var/lib/ctplug/state.json")).toMillis())
                .isEqualTo(stateModified);
    }

    @Test
    void aRunningContainerIsRebootedOnceThroughPct() throws IOException {
        mapping("restart");
        host.containerState("105", "RUNNING " + FakeHost.ABSENT_PID);

        assertThat(host.ctplug("apply").exit()).isEqualTo(0);

        assertThat(host.commands()).filteredOn(c -> c.startsWith("pct")).containsExactly("pct reboot 105");
    }

    @Test
    void aRestartThatAlsoAppliesPendingChangesSaysSo() throws IOException {
        mapping("restart");
        host.containerState("105", "RUNNING " + FakeHost.ABSENT_PID);

        FakeHost.Run run = host.ctplug("apply", "--dry-run");

        assertThat(run.out()).contains("restart container 105", "[pve:pending]");
    }

    @Test
    void aStoppedContainerIsConfiguredButNotStarted() throws IOException {
        mapping("restart");

        assertThat(host.ctplug("apply").exit()).isEqualTo(0);

        assertThat(configText()).contains(KEY + ": c 166:0 rwm");
        assertThat(host.commands()).noneMatch(c -> c.startsWith("pct"));
    }

    @Test
    void aLockedContainerIsLeftAloneAndTheReasonIsSaid() throws IOException {
        String locked = original.replace("hostname: z2m\nlxc", "hostname: z2m\nlock: backup\nlxc");
        host.proxmoxConfig("105", locked);
        mapping("restart");
        host.containerState("105", "RUNNING " + FakeHost.ABSENT_PID);

        FakeHost.Run run = host.ctplug("apply");

        assertThat(run.exit()).isEqualTo(0);
        assertThat(configText()).isEqualTo(locked);
        assertThat(run.err()).contains("container 105 is locked (lock: backup)");
        assertThat(host.commands()).noneMatch(c -> c.startsWith("pct"));
    }

    @Test
    void applyWaitsForPctsLockAndGivesUpWithAClearError() throws Exception {
        host.mapping("""
                version: 1
                defaults: {on_plug: none}
                daemon: {lock_timeout: 1s}
                %TOOLS%
                devices:
                  zigbee:
                    match: {vendor: "0451", product: "16a8"}
                    link: ttyZigbee
                    containers: [105]
                """);
        Path lock = root.resolve("run/lock/lxc/pve-config-105.lock");
        Files.createDirectories(lock.getParent());
        Process holder = holdLock(lock, 3);
        try {
            FakeHost.Run run = host.ctplug("apply");
            assertThat(run.exit()).isEqualTo(1);
            assertThat(configText()).isEqualTo(original);
        } finally {
            holder.waitFor();
        }
        host.mapping(Files.readString(root.resolve("etc/ctplug/devices.yaml")).replace("lock_timeout: 1s",
                "lock_timeout: 10s"));
        Process second = holdLock(lock, 2);
        try {
            assertThat(host.ctplug("apply").exit()).isEqualTo(0);
            // apply started while the lock was held and wrote the config: it waited for the holder
            assertThat(second.isAlive()).isFalse();
            assertThat(configText()).contains(KEY + ": c 166:0 rwm");
        } finally {
            second.waitFor();
        }
    }

    /** flock(1) holding the lock, as pct does; returns once the lock is really held. */
    private static Process holdLock(Path lock, int seconds) throws IOException {
        Process holder = new ProcessBuilder("flock", lock.toString(), "-c", "sleep " + seconds).start();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> org.ctplug.testing.Shell.run("flock", "-n", lock.toString(), "true").exit() != 0);
        return holder;
    }

    @Test
    void dryRunPrintsThePlanAndLeavesTheRootByteIdentical() throws IOException {
        mapping("restart");
        host.containerState("105", "RUNNING " + FakeHost.ABSENT_PID);
        List<String> before = snapshot();

        FakeHost.Run run = host.ctplug("apply", "--dry-run");

        assertThat(run.exit()).isEqualTo(0);
        assertThat(run.out()).contains("+" + KEY + ": c 166:0 rwm", "restart container 105",
                "+++ " + root.resolve("etc/udev/rules.d/70-ctplug.rules"));
        assertThat(snapshot()).isEqualTo(before);
        assertThat(host.commands()).isEmpty();
    }

    @Test
    void dryRunShowsAUtf8ConfigAsTextAndABadByteAsAReplacement() throws IOException {
        // a raw lxc line just above where ctplug's lines go, so the diff shows it as context
        byte[] odd = original.replace("swap: 512\n", "swap: 512\nlxc.environment: ROOM=K\u00c3\u00bcche caf\u00e9\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        Files.write(config, odd);
        mapping("none");

        FakeHost.Run run = host.ctplug("apply", "--dry-run");

        assertThat(run.out()).contains(" lxc.environment: ROOM=K\u00fcche caf\ufffd\n").doesNotContain("\u00c3");
        assertThat(Files.readAllBytes(config)).isEqualTo(odd);
    }

    /** Every path under the root with its bytes: a dry run must not change, add or remove one. */
    private List<String> snapshot() throws IOException {
        List<String> out = new ArrayList<>();
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted().toList()) {
                String kind = Files.isSymbolicLink(p) ? "link " + Files.readSymbolicLink(p)
                        : Files.isDirectory(p) ? "dir" : "file " + java.util.Arrays.hashCode(Files.readAllBytes(p));
                out.add(root.relativize(p) + " " + kind);
            }
        }
        return out;
    }
}
