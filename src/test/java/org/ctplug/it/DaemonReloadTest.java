package org.ctplug.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ctplug.testing.HostFiles;
import org.ctplug.testing.HostTest;
import org.ctplug.testing.Shell;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Editing the mapping while the daemon runs: bad edits change nothing, good ones apply at once. */
class DaemonReloadTest extends HostTest {
    Path file;

    @BeforeEach
    void setUp() throws Exception {
        file = dir.resolve("devices.yaml");
        Files.writeString(file, mapping("ttyCtplugFirst"));
        startDaemon(null, List.of(), Map.of(), file);
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.isSymbolicLink(Path.of("/dev/ttyCtplugFirst")));
    }

    static String mapping(String link) {
        return "version: 1\nbackend: lxc\ndevices:\n  serial-test:\n    match: {kernel: ttyS0}\n    link: " + link
                + "\n    containers: [ctplug-no-such-container]\n";
    }

    @Test
    void anInvalidEditIsLoggedWithItsLineAndChangesNothing() throws Exception {
        String rules = Files.readString(HostFiles.RULES);

        Files.writeString(file, mapping("ttyCtplugSecond").replace("match:", "matsch:"));

        await().atMost(Duration.ofSeconds(15)).until(() -> daemon.logText().contains(file + ":5:"));
        assertThat(daemon.logText()).contains("the last valid one stays in force");
        assertThat(Files.readString(HostFiles.RULES)).isEqualTo(rules);
        assertThat(Files.isSymbolicLink(Path.of("/dev/ttyCtplugFirst"))).isTrue();
    }

    @Test
    void fixingTheMappingIsPickedUpWithoutARestartOfCtplug() throws Exception {
        Files.writeString(file, mapping("ttyCtplugSecond").replace("match:", "matsch:"));
        await().atMost(Duration.ofSeconds(15)).until(() -> daemon.logText().contains(file + ":5:"));

        Files.writeString(file, mapping("ttyCtplugSecond"));

        await().atMost(Duration.ofSeconds(15)).until(() -> Files.isSymbolicLink(Path.of("/dev/ttyCtplugSecond")));
        assertThat(Files.exists(Path.of("/dev/ttyCtplugFirst"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(daemon.process.isAlive()).isTrue();
    }

    @Test
    void aTriggerStormCostsAFewReconcilesNotOnePerEvent() throws Exception {
        daemon.close();
        startDaemon(null, List.of(), Map.of("CTPLUG_LOG_LEVEL", "debug"), file);
        await().atMost(Duration.ofSeconds(15)).until(() -> reconciles() >= 1);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).until(() -> true);
        long before = reconciles();
        int events = Shell.run("udevadm", "trigger", "--verbose", "--action=change", "--subsystem-match=tty")
                .ok().stdout().split("\n").length;

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> true);
        long passes = reconciles() - before;
        System.out.println("udevadm trigger of " + events + " tty devices: " + passes + " reconciles");
        assertThat(events).isGreaterThan(20);
        assertThat(passes).isBetween(1L, 6L);
    }

    private long reconciles() throws Exception {
        return daemon.logText().lines().filter(l -> l.matches("debug: reconcile \\d+ took .*")).count();
    }

    @Test
    void aHugeMappingIsRefusedAndTheDaemonRunsOnWithTheLastValidOne() throws Exception {
        daemon.close();
        // the launcher's own JVM options: its 24 MiB heap is what a huge mapping must not exhaust
        startDaemon(null, List.of(), Map.of("JAVA_TOOL_OPTIONS", launcherJavaOptions()), file);
        await().atMost(Duration.ofSeconds(15)).until(() -> daemon.logText().contains("mapping " + file + " loaded"));
        StringBuilder huge = new StringBuilder("version: 1\nbackend: lxc\ndevices:\n");
        for (int i = 0; huge.length() < 1_000_000; i++) {
            huge.append("  e").append(i).append(": {match: {kernel: ttyCtplugNone").append(i)
                    .append("}, link: ttyCtplugHuge").append(i).append(", containers: [ctplug-none]}\n");
        }
        Files.writeString(file, huge);

        await().atMost(Duration.ofSeconds(30)).until(() -> daemon.logText().contains("file is larger than")
                || !daemon.process.isAlive());
        assertThat(daemon.process.isAlive()).as(daemon.logText()).isTrue();
        assertThat(daemon.logText()).contains(file + ":1:1: file is larger than 262144 bytes")
                .contains("the last valid one stays in force");
        assertThat(Files.isSymbolicLink(Path.of("/dev/ttyCtplugFirst"))).isTrue();

        Files.writeString(file, mapping("ttyCtplugSecond"));
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.isSymbolicLink(Path.of("/dev/ttyCtplugSecond")));
        assertThat(daemon.process.isAlive()).isTrue();
    }

    /** The default of CTPLUG_JAVA_OPTS in the packaged launcher. */
    private static String launcherJavaOptions() throws Exception {
        String launcher = Files.readString(Path.of("packaging/deb/bin/ctplug"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("CTPLUG_JAVA_OPTS:=([^}]*)}").matcher(launcher);
        assertThat(m.find()).as("the launcher sets default JVM options").isTrue();
        assertThat(m.group(1)).contains("-Xmx24m");
        return m.group(1);
    }

    @Test
    void sighupReloadsTheMapping() throws Exception {
        daemon.signal("HUP");
        await().atMost(Duration.ofSeconds(15)).until(() -> daemon.logText().split("mapping .* loaded", -1).length > 2);
    }
}
