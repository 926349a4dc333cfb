package org.ctplug.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ctplug.testing.HostFiles;
import org.ctplug.testing.Shell;
import org.ctplug.testing.SystemContainer;
import org.ctplug.testing.Tty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.yaml.snakeyaml.Yaml;

/**
 * The built .deb on a Debian 12 host with systemd as PID 1 and a pure cgroup2 layout, as a user
 * installs it: a system container booted from a debootstrap tree, with a nested busybox container
 * whose device policy denies everything but the basics. The steps build on each other, in order:
 * install and first boot, reboot, live plug into the nested container, reload, status, the nested
 * container destroyed and created again, watchdog, journal, removal. Uevents are real: the host's kernel and udevd, seen through the shared network namespace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SystemdEndToEndIT {
    private static final String LINK = "ttyCtplugSd";
    private static final String INSIDE = "/dev/" + LINK;
    private static final Duration LIVE = Duration.ofSeconds(15);

    private final String nested = "ctplug-nest-" + UUID.randomUUID().toString().substring(0, 8);
    private SystemContainer sd;
    private String nestedConfigBefore;

    @BeforeAll
    void boot() throws Exception {
        Host.requireRoot();
        HostFiles.requireUdevd();
        HostFiles.clean();
        Path tree = Path.of(System.getProperty("ctplug.systemd.tree", "/var/cache/ctplug-test/bookworm"));
        Path dir = Files.createTempDirectory(Path.of("/var/tmp"), "ctplug-systemd-");
        sd = SystemContainer.create(tree, dir, List.of("/dev/ttyS0"));
        Files.copy(Host.deb(), sd.path("/root/ctplug.deb"));
        sd.start();
    }

    @AfterAll
    void tearDown() throws Exception {
        try (SystemContainer c = sd) {
            // closes the system container, and with it the nested one
        } finally {
            HostFiles.clean();
        }
    }

    @Test
    @Order(1)
    void dpkgInstallsThePackageAndTheUnitIsActiveOnFirstBoot() {
        assertThat(sd.attach("test", "-e", "/run/lock/lxc").exit()).as("/run/lock/lxc on a fresh host").isNotZero();
        Shell.Out install = sd.attach("dpkg", "-i", "/root/ctplug.deb");
        assertThat(install.exit()).as(install.output()).isZero();

        awaitActive();
    }

    @Test
    @Order(2)
    void theUnitIsActiveAgainAfterAReboot() {
        sd.reboot();

        awaitActive();
        assertThat(sd.sh("ls /run/ctplug")).as("an empty /run after the reboot, made again").contains("dev");
    }

    @Test
    @Order(3)
    void theDaemonPublishesItsStatusToSystemd() {
        await().atMost(LIVE).until(() -> !show("StatusText").isBlank());
        assertThat(show("StatusText")).contains("devices seen");
    }

    /**
     * The unit's LimitRTPRIO=1 lets the event thread on SCHED_FIFO 1 without CAP_SYS_NICE. systemd
     * raises the limit only as far as its own hard limit where it lacks CAP_SYS_RESOURCE (as PID 1 of
     * a container may): then the daemon must say so and run on at normal scheduling.
     */
    @Test
    @Order(3)
    void theEventThreadRunsAtFifoOneWhereSystemdCouldGrantTheUnitsRtprio() {
        String pid = show("MainPID");
        long granted = rtprio(sd.sh("cat /proc/" + pid + "/limits"), 1);
        long pid1Hard = rtprio(sd.sh("cat /proc/1/limits"), 2);
        boolean pid1MayRaise = (Long.parseLong(sd.sh("awk '/^CapEff:/ {print $2}' /proc/1/status").strip(), 16)
                & (1L << 24)) != 0; // CAP_SYS_RESOURCE

        // what the unit asks for, whatever this PID 1 could grant
        assertThat(show("LimitRTPRIO")).isEqualTo("1");
        assertThat(granted).as("the unit's RLIMIT_RTPRIO").isEqualTo(pid1MayRaise ? 1 : Math.min(1, pid1Hard));
        if (granted >= 1) {
            // fields 40 and 41 of a task's stat: its realtime priority and its policy (1, SCHED_FIFO)
            await().atMost(LIVE).untilAsserted(() -> assertThat(sd.sh("cat /proc/" + pid + "/task/*/stat 2>/dev/null; true").lines()
                    .map(stat -> stat.substring(stat.lastIndexOf(')') + 2).split(" "))
                    .filter(f -> f[41 - 3].equals("1")))
                    .as("threads at SCHED_FIFO").singleElement().satisfies(f -> assertThat(f[40 - 3]).isEqualTo("1")));
            assertThat(journal("")).contains("device events are handled at SCHED_FIFO priority 1");
        } else {
            assertThat(journal("-p warning")).contains("device events are handled at normal scheduling");
        }
    }

    /**
     * The launcher makes the class archive on the host at the daemon's first start, in the unit's
     * cache directory, and every start maps it; an archive another JDK build or release wrote (its
     * identity no longer that of the files) is made again, never mapped.
     */
    @Test
    @Order(3)
    void theDaemonMapsTheClassArchiveItsFirstStartMadeOnTheHost() {
        assertThat(sd.sh("cat /var/lib/dpkg/info/ctplug.list")).doesNotContain(".jsa");
        String pid = show("MainPID");
        assertThat(sd.sh("grep -c ' /var/cache/ctplug/classes.jsa$' /proc/" + pid + "/maps; true").strip())
                .as("mappings of the archive").isNotEqualTo("0");
        assertThat(sd.sh("cat /var/cache/ctplug/classes.jsa.id")).contains("-XX:+UseSerialGC");

        sd.sh("echo another-jdk > /var/cache/ctplug/classes.jsa.id && systemctl restart ctplug");
        awaitActive();
        String restarted = show("MainPID");
        assertThat(restarted).isNotEqualTo(pid);
        assertThat(sd.sh("cat /var/cache/ctplug/classes.jsa.id")).doesNotContain("another-jdk");
        assertThat(sd.sh("grep -c ' /var/cache/ctplug/classes.jsa$' /proc/" + restarted + "/maps; true").strip())
                .as("mappings of the new archive").isNotEqualTo("0");
        assertThat(sd.sh("ls -a /var/cache/ctplug")).doesNotContain(".classes.jsa.");
    }

    /** "Max realtime priority" of a /proc/PID/limits: its soft (1) or hard (2) value. */
    private static long rtprio(String limits, int column) {
        String line = limits.lines().filter(l -> l.startsWith("Max realtime priority")).findFirst().orElseThrow();
        String value = line.substring("Max realtime priority".length()).trim().split("\\s+")[column - 1];
        return value.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(value);
    }

    @Test
    @Order(4)
    void aMappingEditFollowedBySystemctlReloadTakesEffect() throws Exception {
        sd.sh("lxc-create -n " + nested + " -t busybox -f " + writeNestedCreationConfig() + " >/dev/null");
        nestedConfigBefore = sd.sh("cat /var/lib/lxc/" + nested + "/config");
        sd.sh("lxc-start -n " + nested);
        await().atMost(LIVE).until(() -> !nestedInit().isEmpty());
        assertThat(openInside()).as("before ctplug maps it").isNotEqualTo("ok");

        Files.writeString(sd.path("/etc/ctplug/devices.yaml"), "version: 1\nbackend: lxc\ndevices:\n  serial:\n"
                + "    match: {kernel: ttyS0}\n    link: " + LINK + "\n    containers: [" + nested + "]\n");
        sd.sh("systemctl reload ctplug");

        await().atMost(LIVE).until(() -> openInside().equals("ok"));
    }

    @Test
    @Order(5)
    void hostUeventsPlugUnplugAndReplugTheNodeLiveWithoutARestart() throws Exception {
        String init = nestedInit();

        Tty.event("ttyS0", "remove");
        await().atMost(LIVE).until(() -> !exists());
        Tty.event("ttyS0", "add");
        await().atMost(LIVE).until(() -> openInside().equals("ok"));
        Tty.event("ttyS0", "remove");
        Tty.event("ttyS0", "add");
        await().atMost(LIVE).until(() -> openInside().equals("ok"));

        assertThat(nestedInit()).as("the nested container's init").isEqualTo(init);
        assertThat(sd.sh("cat /var/lib/lxc/" + nested + "/config")).as("the key of a cgroup2 host")
                .contains("lxc.cgroup2.devices.allow = c 4:").doesNotContain("lxc.cgroup.devices.allow");
    }

    @Test
    @Order(6)
    @SuppressWarnings("unchecked") // the JSON's shape is what the test checks
    void statusShowsTheDaemonsLastActionAndThatTheNestedContainerIsRight() {
        Shell.Out status = sd.attach("ctplug", "status", "--json");

        assertThat(status.exit()).as(status.output()).isZero();
        Map<String, Object> doc = new Yaml().load(status.stdout());
        assertThat((Map<String, Object>) doc.get("daemon")).containsEntry("running", true);
        Map<String, Object> entry = ((List<Map<String, Object>>) doc.get("entries")).get(0);
        Map<String, Object> container = ((List<Map<String, Object>>) entry.get("containers")).get(0);
        assertThat(container).containsEntry("id", nested).containsEntry("node", "right")
                .containsEntry("ruleInConfig", true);
        assertThat(container.get("ruleLive")).as("not readable on cgroup2").isNull();
        // live steps come first, then the config write: either is the daemon's last word on it
        assertThat(String.valueOf(container.get("lastAction")))
                .containsAnyOf("put node " + INSIDE, "update /var/lib/lxc/" + nested + "/config");
    }

    @Test
    @Order(7)
    void aContainerDestroyedAndCreatedAgainGetsItsNodeWithinASecondOfStarting() {
        sd.sh("lxc-stop -k -n " + nested + "; lxc-destroy -n " + nested);
        sd.sh("lxc-create -n " + nested + " -t busybox -f /root/nested.conf >/dev/null");
        nestedConfigBefore = sd.sh("cat /var/lib/lxc/" + nested + "/config");

        sd.sh("lxc-start -n " + nested);
        await().atMost(LIVE).until(() -> !nestedInit().isEmpty());

        await().atMost(Duration.ofSeconds(1)).until(() -> openInside().equals("ok"));
    }

    @Test
    @Order(8)
    void aStoppedDaemonIsRestartedByTheWatchdog() throws Exception {
        Path dropIn = sd.path("/etc/systemd/system/ctplug.service.d/watchdog.conf");
        Files.createDirectories(dropIn.getParent());
        // a short watchdog, and no long wait for a stopped process to take SIGABRT
        Files.writeString(dropIn, "[Service]\nWatchdogSec=4\nTimeoutAbortSec=2\n");
        sd.sh("systemctl daemon-reload && systemctl restart ctplug");
        awaitActive();
        String pid = show("MainPID");
        String restarts = show("NRestarts");

        sd.sh("kill -STOP " + pid);

        await().atMost(Duration.ofSeconds(40)).until(() -> !show("MainPID").equals(pid)
                && sd.attach("systemctl", "is-active", "ctplug").stdout().strip().equals("active"));
        assertThat(Integer.parseInt(show("NRestarts"))).isGreaterThan(Integer.parseInt(restarts));
        assertThat(journal("")).contains("Watchdog timeout");
        await().atMost(LIVE).until(() -> openInside().equals("ok"));
    }

    @Test
    @Order(9)
    void aWarningReachesTheJournalAtItsLevel() throws Exception {
        String mapping = Files.readString(sd.path("/etc/ctplug/devices.yaml"));
        Files.writeString(sd.path("/etc/ctplug/devices.yaml"), mapping.replace("[" + nested + "]",
                "[" + nested + ", ctplug-no-such-container]"));
        sd.sh("systemctl reload ctplug");

        await().atMost(LIVE).until(() -> journal("-p warning").contains("ctplug-no-such-container"));
        assertThat(journal("-p err")).doesNotContain("ctplug-no-such-container");
        assertThat(journal("")).as("tools notifying systemd in the daemon's name")
                .doesNotContain("reception only permitted for main PID")
                .as("the JVM's own start-up warnings").doesNotContain("[warning]");
    }

    @Test
    @Order(10)
    void aptGetRemoveTakesBackEveryLineAndNode() {
        Shell.Out remove = sd.attach("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "remove", "-y", "ctplug");
        assertThat(remove.exit()).as(remove.output()).isZero();

        assertThat(sd.sh("cat /var/lib/lxc/" + nested + "/config")).isEqualTo(nestedConfigBefore);
        assertThat(exists()).as(INSIDE + " inside the nested container").isFalse();
        assertThat(HostFiles.RULES).doesNotExist();
    }

    private void awaitActive() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            String state = sd.attach("systemctl", "is-active", "ctplug").stdout().strip();
            if (state.equals("failed")) {
                throw new AssertionError("ctplug.service failed:\n" + journal(""));
            }
            return state.equals("active");
        });
    }

    private String show(String property) {
        return sd.attach("systemctl", "show", "-P", property, "ctplug").ok().stdout().strip();
    }

    private String journal(String options) {
        return sd.attach("sh", "-c", "journalctl -u ctplug --no-pager -o cat " + options).stdout();
    }

    /** The nested container's creation config: no network, and a device policy that denies all but the basics. */
    private String writeNestedCreationConfig() throws Exception {
        StringBuilder conf = new StringBuilder("lxc.net.0.type = empty\nlxc.apparmor.profile = unconfined\n"
                + "lxc.cgroup2.devices.deny = a\n");
        for (String allow : List.of("c 1:3", "c 1:5", "c 1:7", "c 1:8", "c 1:9", "c 5:0", "c 5:1", "c 5:2",
                "c 136:*")) {
            conf.append("lxc.cgroup2.devices.allow = ").append(allow).append(" rwm\n");
        }
        Files.writeString(sd.path("/root/nested.conf"), conf.toString());
        return "/root/nested.conf";
    }

    private String nestedInit() {
        return sd.attach("lxc-info", "-n", nested, "-p", "-H").stdout().strip();
    }

    private boolean exists() {
        return sd.attach("lxc-attach", "-n", nested, "--", "test", "-e", INSIDE).exit() == 0;
    }

    /** "ok" when the node opens read-write inside the nested container; -c first, so a missing node is never created. */
    private String openInside() {
        return sd.attach("lxc-attach", "-n", nested, "--", "sh", "-c",
                "[ -c " + INSIDE + " ] && exec 3<>" + INSIDE + " && echo ok").output().strip();
    }
}
