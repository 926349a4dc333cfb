package org.ctplug.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.ctplug.container.LxcBackend;
import org.ctplug.exec.ToolPaths;
import org.ctplug.posix.Posix;
import org.ctplug.state.StateStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the observer looks into a running container: through its init's /proc/<pid>/root. The
 * test process stands in for an init (its root is the host's), so the paths are in a temporary
 * directory. Needs root (mknod).
 */
class ObserverTest {
    @TempDir
    Path dir;
    Observer observer;
    int self = (int) ProcessHandle.current().pid();

    @BeforeEach
    void setUp() {
        LxcBackend backend = new LxcBackend(dir, ToolPaths.DEFAULT, argv -> {
            throw new AssertionError("looking runs no command: " + argv);
        });
        observer = new Observer(dir, backend, new StateStore(dir), dir.resolve("store"), "lxc.cgroup2.devices.allow");
    }

    private Map<String, SeenNode> look(int pid, Set<String> paths) {
        return observer.lookInside(Path.of("/proc", String.valueOf(pid), "root"), paths, Set.of()).nodes();
    }

    private SeenLinks lookLinks(Path containerRoot, Set<String> names) {
        return observer.lookInside(containerRoot, Set.of(), names).links();
    }

    @Test
    void aNodeIsSeenWithItsNumberTypeAndOwner() throws Exception {
        Posix.get().mknodChar(dir.resolve("tty"), 0660, 4, 64);
        Posix.get().chown(dir.resolve("tty"), 0, 20);
        String path = dir.resolve("tty").toString();

        Map<String, SeenNode> seen = look(self, Set.of(path, dir.resolve("missing").toString()));

        assertThat(seen.get(path)).isEqualTo(new SeenNode.Node('c', 4, 64,
                Posix.get().stat(dir.resolve("tty")).permissions(), 0, 20));
        assertThat(seen.get(dir.resolve("missing").toString())).isEqualTo(new SeenNode.Absent());
    }

    @Test
    void aSymlinkOnTheWayIsSeenAsSomethingElseNeverFollowed() throws Exception {
        Files.createDirectories(dir.resolve("real"));
        Posix.get().mknodChar(dir.resolve("real/tty"), 0660, 4, 64);
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("real"));
        Files.createSymbolicLink(dir.resolve("ttylink"), dir.resolve("real/tty"));

        Map<String, SeenNode> seen = look(self, Set.of(dir.resolve("link/tty").toString(),
                dir.resolve("ttylink").toString()));

        assertThat(seen.get(dir.resolve("link/tty").toString())).isInstanceOf(SeenNode.Other.class);
        assertThat(seen.get(dir.resolve("ttylink").toString())).isEqualTo(new SeenNode.Other("a symlink"));
    }

    @Test
    void aContainerWhoseInitIsGoneIsNotLookedAt() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();

        Map<String, SeenNode> seen = look((int) p.pid(), Set.of("/dev/ttyZigbee"));

        assertThat(seen.get("/dev/ttyZigbee")).isInstanceOf(SeenNode.Unknown.class);
    }

    @Test
    void theLinkDirectoriesAreSeenWithEachSymlinksTarget() throws Exception {
        Path dev = Files.createDirectories(dir.resolve("dev"));
        Files.createDirectories(dev.resolve("serial/by-id"));
        Files.createDirectories(dev.resolve("serial/by-path"));
        Files.createSymbolicLink(dev.resolve("serial/by-id/usb-ctplug_Test_0001-if00-port0"), Path.of("../../ttyZigbee"));
        Files.createSymbolicLink(dev.resolve("ttyCtplug"), Path.of("ttyZigbee"));
        Files.writeString(dev.resolve("ttyZigbee"), "");

        SeenLinks seen = lookLinks(dir, Set.of("/dev/ttyCtplug", "/dev/ttyZigbee", "/dev/ttyAbsent"));

        assertThat(seen).isEqualTo(new SeenLinks.Listed(Map.of(
                "/dev/serial", new SeenLinks.Entry.Directory(),
                "/dev/serial/by-id", new SeenLinks.Entry.Directory(),
                "/dev/serial/by-path", new SeenLinks.Entry.Directory(),
                "/dev/serial/by-id/usb-ctplug_Test_0001-if00-port0", new SeenLinks.Entry.Link("../../ttyZigbee"),
                "/dev/ttyCtplug", new SeenLinks.Entry.Link("ttyZigbee"),
                "/dev/ttyZigbee", new SeenLinks.Entry.Other("a regular file"))));
        assertThat(((SeenLinks.Listed) seen).linksTo("/dev/ttyZigbee"))
                .containsExactly("/dev/serial/by-id/usb-ctplug_Test_0001-if00-port0", "/dev/ttyCtplug");
    }

    @Test
    void aLinkDirectoryThatIsASymlinkIsSeenAsOneAndNotListed() throws Exception {
        Path dev = Files.createDirectories(dir.resolve("dev"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere/by-id"));
        Files.createSymbolicLink(elsewhere.resolve("planted"), Path.of("../../ttyZigbee"));
        Files.createSymbolicLink(dev.resolve("serial"), dir.resolve("elsewhere"));

        SeenLinks seen = lookLinks(dir, Set.of());

        assertThat(seen).isEqualTo(new SeenLinks.Listed(Map.of("/dev/serial",
                new SeenLinks.Entry.Link(dir.resolve("elsewhere").toString()))));
    }

    @Test
    void aContainerWithoutDevHasNoLinksAndOneThatCannotBeOpenedIsNotLookedAt() throws Exception {
        assertThat(lookLinks(dir, Set.of("/dev/ttyCtplug"))).isEqualTo(SeenLinks.NONE);
        assertThat(lookLinks(dir.resolve("gone"), Set.of())).isInstanceOf(SeenLinks.Unknown.class);
    }

    @Test
    void aDevThatIsASymlinkIsNotLookedInto() throws Exception {
        Files.createDirectories(dir.resolve("elsewhere/serial"));
        Files.createSymbolicLink(dir.resolve("dev"), dir.resolve("elsewhere"));

        assertThat(lookLinks(dir, Set.of())).isInstanceOf(SeenLinks.Unknown.class);
    }

    /** After the first full read only the devices events named are read again. */
    @Test
    void afterTheFirstReadOnlyDevicesEventsNamedAreReadAgain() throws Exception {
        org.ctplug.testing.FakeSysfs fs = new org.ctplug.testing.FakeSysfs(dir).virtualTty("tty5", 4, 5);
        org.ctplug.device.KernelEvents events = org.ctplug.device.KernelEvents.recording();
        Observer incremental = incremental(lxc(""), events);
        org.ctplug.mapping.Mapping mapping = org.ctplug.mapping.MappingLoader.parse(
                "version: 1\nbackend: lxc\ndevices: {}\n", dir.resolve("devices.yaml"), org.ctplug.mapping.BackendKind.LXC);
        assertThat(incremental.observe(mapping, RestartHold.NONE).devices()).extracting(d -> d.devname())
                .containsExactly("tty5");

        fs.virtualTty("tty6", 4, 6);
        assertThat(incremental.observe(mapping, RestartHold.NONE).devices()).as("no event named tty6")
                .extracting(d -> d.devname()).containsExactly("tty5");

        events.record(fs.devpath("tty6"), "add");
        assertThat(incremental.observe(mapping, RestartHold.NONE).devices()).extracting(d -> d.devname())
                .containsExactly("tty5", "tty6");

        events.forget();
        fs.unplug("tty5");
        assertThat(incremental.observe(mapping, RestartHold.NONE).devices()).as("after an overflow, all read again")
                .extracting(d -> d.devname()).containsExactly("tty6");
    }

    /**
     * An event looks only at the containers the device it named feeds: the other container's
     * config is not read again (here it is gone, and the pass does not see that), until a pass
     * that looks at everything.
     */
    @Test
    void anEventLooksOnlyAtTheContainersItsDeviceFeeds() throws Exception {
        org.ctplug.testing.FakeSysfs fs = new org.ctplug.testing.FakeSysfs(dir).virtualTty("tty5", 4, 5);
        org.ctplug.device.KernelEvents events = org.ctplug.device.KernelEvents.recording();
        LxcBackend backend = lxc("State: STOPPED\n");
        Observer incremental = incremental(backend, events);
        for (String id : java.util.List.of("five", "six")) {
            Files.createDirectories(backend.configPath(id).getParent());
            Files.writeString(backend.configPath(id), "lxc.uts.name = " + id + "\n");
        }
        org.ctplug.mapping.Mapping mapping = org.ctplug.mapping.MappingLoader.parse("""
                version: 1
                backend: lxc
                devices:
                  five: {match: {kernel: tty5}, link: ttyFive, containers: [{id: five}]}
                  six: {match: {kernel: tty6}, link: ttySix, containers: [{id: six}]}
                """, dir.resolve("devices.yaml"), org.ctplug.mapping.BackendKind.LXC);
        PlanInput first = incremental.observe(mapping, RestartHold.NONE, false);
        assertThat(first.scope()).as("the first pass reads everything").isEmpty();
        assertThat(first.containers()).containsOnlyKeys("five", "six");

        Files.delete(backend.configPath("five"));
        fs.virtualTty("tty6", 4, 6);
        events.record(fs.devpath("tty6"), "add");
        PlanInput plug = incremental.observe(mapping, RestartHold.NONE, false);
        assertThat(plug.scope()).contains(Set.of("six"));
        assertThat(plug.containers()).containsOnlyKeys("six");
        assertThat(plug.devices()).extracting(d -> d.devname()).containsExactly("tty5", "tty6");

        events.record(fs.devpath("tty6"), "remove");
        fs.unplug("tty6");
        assertThat(incremental.observe(mapping, RestartHold.NONE, false).containers()).as("what the device was decides too")
                .containsOnlyKeys("six");

        assertThat(incremental.observe(mapping, RestartHold.NONE, false).containers()).as("no event: nothing looked at")
                .isEmpty();
        PlanInput all = incremental.observe(mapping, RestartHold.NONE, true);
        assertThat(all.scope()).isEmpty();
        assertThat(all.containers().get("five").config()).as("a full pass sees the config gone").isEmpty();
    }

    /** An LXC backend whose every tool answers {@code stdout}. */
    private LxcBackend lxc(String stdout) {
        return new LxcBackend(dir, ToolPaths.DEFAULT, argv -> new org.ctplug.exec.CommandRunner.Result(0, stdout, ""));
    }

    /** An observer that reads again only what {@code events} name, as the daemon's does. */
    private Observer incremental(LxcBackend backend, org.ctplug.device.KernelEvents events) {
        return new Observer(dir, backend, new StateStore(dir), dir.resolve("store"), "lxc.cgroup2.devices.allow",
                events);
    }
}
