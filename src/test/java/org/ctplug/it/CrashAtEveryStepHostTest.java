package org.ctplug.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ctplug.cli.Main;
import org.ctplug.testing.DaemonProcess;
import org.ctplug.testing.HostFiles;
import org.ctplug.testing.HostTest;
import org.ctplug.testing.LxcContainer;
import org.ctplug.testing.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * kill -9 at every step boundary of one apply: the udev rules, a live node and its link into
 * container {@code hot}, both configs, the state and a restart of container {@code cold}. After each crash
 * a new daemon must finish the job, {@code cold} must run again, and {@code release} must give
 * both configs back byte for byte.
 */
class CrashAtEveryStepHostTest extends HostTest {
    static final Duration WAIT = Duration.ofSeconds(60);

    LxcContainer hot;
    LxcContainer cold;
    /** Read as text to compare: every byte counts, and a difference shows as lines. */
    String hotConfig;
    String coldConfig;
    Path mapping;
    Path crashMode;

    @BeforeEach
    void setUp() throws Exception {
        hot = LxcContainer.create("ctplug-crash-hot", true, false);
        cold = LxcContainer.create("ctplug-crash-cold", true, false);
        hot.start();
        cold.start();
        hotConfig = Files.readString(hot.config());
        coldConfig = Files.readString(cold.config());
        crashMode = dir.resolve("crash-mode");
        Files.writeString(crashMode, "none\n");
        mapping = dir.resolve("devices.yaml");
        Files.writeString(mapping, """
                version: 1
                backend: lxc
                tools: {lxc-stop: %s, lxc-start: %s}
                devices:
                  hot:
                    match: {kernel: ttyS0}
                    link: ttyCtplugCrashHot
                    containers: [{id: %s, path: /dev/ttyHot}]
                  cold:
                    match: {kernel: tty5}
                    link: ttyCtplugCrashCold
                    on_plug: restart
                    containers: [{id: %s, path: /dev/ttyCold}]
                """.formatted(standIn("lxc-stop"), standIn("lxc-start"), hot.name, cold.name));
    }

    @AfterEach
    void removeContainers() {
        if (daemon != null) {
            try {
                daemon.close();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        hot.close();
        cold.close();
    }

    /**
     * A tool that, once, SIGKILLs the daemon that ran it: before doing its work ({@code
     * <tool>-before}) or after it ({@code <tool>-after}), as the crash-mode file says.
     */
    private Path standIn(String tool) throws Exception {
        Path script = dir.resolve(tool + "-crashing");
        Files.writeString(script, """
                #!/bin/sh
                crash() {
                    # only ever the daemon the test started (under systemd-run the parent is init)
                    grep -q org.ctplug.cli.Main /proc/$PPID/cmdline || { echo "parent is not ctplug" >&2; exit 1; }
                    echo none > '%1$s'
                    kill -9 $PPID
                }
                mode=$(cat '%1$s')
                if [ "$mode" = %2$s-before ]; then crash; exit 1; fi
                /usr/bin/%2$s "$@"; rc=$?
                if [ "$mode" = %2$s-after ]; then crash; fi
                exit $rc
                """.formatted(crashMode, tool));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** The nodes, and in the running {@code hot} the link to its node that ctplug's own rule gives ttyS0. */
    private boolean converged() {
        return hot.open("/dev/ttyHot").equals("ok") && hotLink().equals("ttyHot") && cold.state().equals("RUNNING")
                && cold.open("/dev/ttyCold").equals("ok");
    }

    private String hotLink() {
        Shell.Out out = hot.attach("readlink", "/dev/ttyCtplugCrashHot");
        return out.exit() == 0 ? out.stdout().strip() : "absent";
    }

    /** Crashes one apply as {@code env} and {@code mode} say; false when it ran to its end instead. */
    private boolean crashOnceThenRecover(Map<String, String> env, String mode) throws Exception {
        Files.writeString(crashMode, mode + "\n");
        startDaemon(null, List.of(), env, mapping);
        DaemonProcess first = daemon;
        await().atMost(WAIT).until(() -> !first.process.isAlive() || converged());
        // the last boundaries come right after the restart that made it converge
        boolean crashed = first.process.waitFor(3, java.util.concurrent.TimeUnit.SECONDS);
        if (crashed) {
            assertThat(first.process.exitValue()).as("killed, not ended: " + first.logText()).isEqualTo(137);
            startDaemon(null, List.of(), Map.of(), mapping);
            await().atMost(WAIT).until(this::converged);
        }
        daemon.close();
        daemon = null;
        assertThat(cold.state()).isEqualTo("RUNNING");

        assertThat(Main.run("release", "--config", mapping.toString())).isEqualTo(Main.OK);
        assertThat(Files.readString(hot.config())).as("after " + mode + " " + env).isEqualTo(hotConfig);
        assertThat(Files.readString(cold.config())).as("after " + mode + " " + env).isEqualTo(coldConfig);
        assertThat(hotLink()).as("the link in hot after " + mode + " " + env).isEqualTo("absent");

        // the next round starts where this one did: no node in either, no rules, no state
        cold.stop();
        cold.start();
        HostFiles.clean();
        assertThat(converged()).isFalse();
        return crashed;
    }

    @Test
    void everyStepBoundaryOfAnApplyConverges() throws Exception {
        List<Integer> crashedAt = new ArrayList<>();
        int boundary = 1;
        while (crashOnceThenRecover(Map.of("JAVA_TOOL_OPTIONS", "-Dctplug.test.crash-at=" + boundary), "none")) {
            crashedAt.add(boundary);
            boundary++;
            assertThat(boundary).as("an apply has a bounded number of steps").isLessThan(40);
        }
        // rules, reload, trigger, allow, inject, link, two configs and a restart, each before and after
        assertThat(crashedAt).hasSizeGreaterThanOrEqualTo(18);
        System.out.println("crashed and recovered at " + crashedAt.size() + " boundaries");
    }

    @Test
    void aDaemonKilledWhileAToolStopsOrStartsTheContainerLeavesItRunning() throws Exception {
        for (String mode : List.of("lxc-stop-before", "lxc-stop-after", "lxc-start-before")) {
            assertThat(crashOnceThenRecover(Map.of(), mode)).as(mode).isTrue();
        }
    }
}
