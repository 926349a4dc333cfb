package org.ctplug.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ctplug.cli.Main;
import org.ctplug.testing.HostTest;
import org.ctplug.testing.Shell;
import org.ctplug.testing.Tty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The by-id link apps are told to use, inside a real running container, with a real udevd: a
 * test rule gives ttyS0 the link a USB stick's by-id rule would (Debian's rules give a built-in
 * port none), and the daemon makes it in the container, pointing at the node, live on plug, gone
 * on unplug, and again after a restart.
 */
class DaemonLinksHostTest extends HostTest {
    static final Duration WAIT = Duration.ofSeconds(15);
    static final String NODE = "/dev/ttyZigbee";
    static final String BY_ID = "/dev/serial/by-id/usb-ctplug_Test_0001-if00-port0";
    static final String HOST_LINK = "ttyCtplugLinks";

    Path rule;

    @BeforeEach
    void giveTtyS0AByIdLink() throws Exception {
        // before 70-ctplug.rules, as udev's own 60-serial.rules is; a name no other run uses
        rule = Path.of("/etc/udev/rules.d/60-ctplug-test-links-" + UUID.randomUUID().toString().substring(0, 8)
                + ".rules");
        Files.writeString(rule, "SUBSYSTEM==\"tty\", KERNEL==\"ttyS0\", SYMLINK+=\"" + BY_ID.substring(5) + "\"\n");
        Shell.run("udevadm", "control", "--reload").ok();
    }

    @AfterEach
    void removeTheTestRule() throws Exception {
        Files.deleteIfExists(rule);
        Shell.run("udevadm", "control", "--reload").ok(); // the host test base replays ttyS0 next
    }

    Path mapping(String extra) throws Exception {
        Path file = ttyMapping("ttyS0", HOST_LINK, ct.name, NODE, "20");
        Files.writeString(file, Files.readString(file).replace("    containers:\n", extra + "    containers:\n"));
        return file;
    }

    /** What the symlink at path holds inside, or "absent". */
    String linkInside(String path) {
        Shell.Out out = ct.attach("readlink", path);
        return out.exit() == 0 ? out.stdout().strip() : "absent";
    }

    boolean existsInside(String path) {
        return ct.attach("sh", "-c", "[ -e " + path + " ] || [ -L " + path + " ]").exit() == 0;
    }

    @Test
    void plugGivesTheByIdLinkToTheNodeThatOpensThroughItAndUnplugTakesItAndItsDirectoriesBack() throws Exception {
        int pid = runningContainer("ctplug-links", false);
        startDaemonWithItsRules(mapping(""));
        assertThat(existsInside("/dev/serial")).isFalse();

        Tty.event("ttyS0", "add");
        await().atMost(WAIT).until(() -> linkInside(BY_ID).equals("../../ttyZigbee"));
        assertThat(ct.open(BY_ID)).isEqualTo("ok");
        // made right after the by-id one, in the same reconcile
        awaitOrShowLog("ctplug's own link", () -> linkInside("/dev/" + HOST_LINK).equals("ttyZigbee"));
        assertThat(ct.initPid()).isEqualTo(pid);

        Tty.event("ttyS0", "remove");
        await().atMost(WAIT).until(() -> !existsInside(BY_ID));
        await().atMost(WAIT).until(() -> !existsInside("/dev/serial"));
        assertThat(existsInside("/dev/" + HOST_LINK)).isFalse();

        Tty.event("ttyS0", "add");
        await().atMost(WAIT).until(() -> ct.open(BY_ID).equals("ok"));
        assertThat(ct.initPid()).isEqualTo(pid);
    }

    @Test
    void theLinkIsThereAgainAfterARestartAndListAndStatusShowIt() throws Exception {
        runningContainer("ctplug-links-restart", false);
        Path mapping = mapping("");
        startDaemonWithItsRules(mapping);
        Tty.event("ttyS0", "add");
        await().atMost(WAIT).until(() -> ct.open(BY_ID).equals("ok"));

        ct.stop();
        ct.start();
        await().atMost(WAIT).until(() -> ct.open(BY_ID).equals("ok"));
        assertThat(linkInside(BY_ID)).isEqualTo("../../ttyZigbee");
        await().atMost(WAIT).until(() -> linkInside("/dev/" + HOST_LINK).equals("ttyZigbee"));

        assertThat(status(mapping)).contains("    link " + BY_ID + " -> ../../ttyZigbee");
        assertThat(listJson(mapping)).filteredOn(d -> "ttyS0".equals(d.get("devname"))).singleElement()
                .satisfies(d -> assertThat(d.get("containerLinks")).isEqualTo(Map.of(ct.name,
                        List.of(BY_ID, "/dev/" + HOST_LINK))));
    }

    @Test
    void anUnprivilegedContainerGetsTheLinkOwnedByItsRootAndItOpensForTheMappedGroup() throws Exception {
        runningContainer("ctplug-links-unpriv", true);
        startDaemonWithItsRules(mapping(""));

        Tty.event("ttyS0", "add");
        await().atMost(WAIT).until(() -> ct.openAs(1000, 20, BY_ID).equals("ok"));
        assertThat(ct.attach("stat", "-c", "%u %g %F", BY_ID).stdout().strip()).isEqualTo("0 0 symbolic link");
        assertThat(ct.attach("stat", "-c", "%u %g", "/dev/serial/by-id").stdout().strip()).isEqualTo("0 0");
        assertThat(ct.openAs(1000, 1000, BY_ID)).contains("Permission denied");
    }

    @Test
    void linksNoneMakesNoLink() throws Exception {
        runningContainer("ctplug-links-none", false);
        Path mapping = mapping("    links: none\n");
        startDaemonWithItsRules(mapping);

        Tty.event("ttyS0", "add");
        await().atMost(WAIT).until(() -> ct.open(NODE).equals("ok"));
        // udev has made the host's link: a reconcile now plans from its database, links and all
        await().atMost(WAIT).until(() -> Files.isSymbolicLink(Path.of(BY_ID)));
        assertThat(Main.run("apply", "--config", mapping.toString())).isEqualTo(Main.OK);

        assertThat(existsInside(BY_ID)).isFalse();
        assertThat(existsInside("/dev/serial")).isFalse();
        assertThat(existsInside("/dev/" + HOST_LINK)).isFalse();
    }

    /** udev makes ctplug's own link only once apply has loaded its rule: apply looks again after its replay. */
    @Test
    void oneApplyGivesTheLinksAndReleaseTakesThemBack() throws Exception {
        runningContainer("ctplug-links-apply", false);
        Path mapping = mapping("");

        assertThat(Main.run("apply", "--config", mapping.toString())).isEqualTo(Main.OK);
        assertThat(linkInside(BY_ID)).isEqualTo("../../ttyZigbee");
        assertThat(linkInside("/dev/" + HOST_LINK)).isEqualTo("ttyZigbee");

        assertThat(Main.run("release", "--config", mapping.toString())).isEqualTo(Main.OK);
        assertThat(existsInside("/dev/serial")).isFalse();
        assertThat(existsInside("/dev/" + HOST_LINK)).isFalse();
        assertThat(existsInside(NODE)).isFalse();
    }

    /** A symlink the container planted where the link's directory goes is never followed. */
    @Test
    void aSymlinkPlantedAtDevSerialIsNotFollowedAndTheLogSaysWhy() throws Exception {
        runningContainer("ctplug-links-planted", false);
        ct.attach("sh", "-c", "mkdir -p /tmp/planted && ln -s /tmp/planted /dev/serial").ok();
        startDaemonWithItsRules(mapping(""));

        Tty.event("ttyS0", "add");
        await().atMost(WAIT).until(() -> daemon.logText().contains("/dev/serial is a symlink to /tmp/planted in the"
                + " container, not a directory; the link " + BY_ID + " is not made"));
        assertThat(ct.attach("ls", "-A", "/tmp/planted").stdout().strip()).isEmpty();
        assertThat(ct.open(NODE)).isEqualTo("ok");
    }

    /** A host directory bound over the link's directory is the host's: nothing is made in it. */
    @Test
    void aHostDirectoryBoundOverDevSerialGetsNoLinkAndTheLogSaysWhy() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared-serial"));
        ct = org.ctplug.testing.LxcContainer.create("ctplug-links-bound", true, false,
                "lxc.mount.entry = " + shared + " dev/serial none bind,create=dir 0 0");
        ct.start();
        startDaemonWithItsRules(mapping(""));

        Tty.event("ttyS0", "add");
        await().atMost(WAIT).until(() -> daemon.logText().contains("/dev/serial is another file system mounted into"
                + " the container's /dev"));
        try (var entries = Files.list(shared)) {
            assertThat(entries).isEmpty();
        }
        assertThat(ct.open(NODE)).isEqualTo("ok");
        await("a link on the container's own /dev").atMost(WAIT)
                .until(() -> linkInside("/dev/" + HOST_LINK).equals("ttyZigbee"));
    }

    /**
     * With ttyS0 absent, starts the daemon and waits until udev has its rules: a plug udev
     * handled before that would get no link of ctplug's rule, on the host or inside.
     */
    void startDaemonWithItsRules(Path mapping) throws Exception {
        startDaemon("ttyS0", List.of(), Map.of(), mapping);
        await().atMost(WAIT).until(() -> daemon.logText().contains("udevadm control --reload"));
    }

    /** Awaits the condition; when it does not come, the failure shows what the daemon did. */
    void awaitOrShowLog(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        try {
            await(what).atMost(WAIT).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(what + " did not come; the daemon's log:\n" + daemon.logText(), e);
        }
    }

    static String status(Path mapping) {
        StringWriter out = new StringWriter();
        Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "status", "--config", mapping.toString());
        return out.toString();
    }

    static List<Map<String, Object>> listJson(Path mapping) {
        StringWriter out = new StringWriter();
        Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "list", "--json", "--config",
                mapping.toString());
        return new Yaml().load(out.toString());
    }
}
