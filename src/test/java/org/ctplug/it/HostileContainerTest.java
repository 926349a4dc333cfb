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
import org.ctplug.testing.LxcContainer;
import org.ctplug.testing.NotifySocket;
import org.ctplug.testing.Tty;
import org.junit.jupiter.api.Test;

/**
 * A container whose root works against ctplug: it plants symlinks on the mapped path, puts a
 * host directory where /dev was, or its monitor's lxc-info names a process that is not its
 * init. ctplug acts on nothing outside the container and says why in its log.
 *
 * <p>The host directory the container was given (a share, as admins bind in) holds a canary:
 * it is what a symlink planted in the container would lead ctplug to.
 */
class HostileContainerTest extends HostTest {
    static final Duration WAIT = Duration.ofSeconds(15);
    static final String CANARY = "the host's own file\n";

    Path share;
    Path canary;

    Path mapping(String path, String... tools) throws Exception {
        Path file = dir.resolve("devices.yaml");
        StringBuilder yaml = new StringBuilder("""
                version: 1
                backend: lxc
                devices:
                  serial-test:
                    match: {kernel: "ttyS0"}
                    link: ttyCtplugHostile
                    containers:
                      - id: %s
                        path: %s
                """.formatted(ct.name, path));
        if (tools.length > 0) {
            yaml.append("tools:\n");
            for (String tool : tools) {
                yaml.append("  ").append(tool).append('\n');
            }
        }
        Files.writeString(file, yaml.toString());
        return file;
    }

    /** A running privileged container with a host directory bound at /mnt/share. */
    void containerWithShare() throws Exception {
        share = Files.createDirectory(dir.resolve("share"));
        canary = Files.writeString(share.resolve("canary"), CANARY);
        ct = LxcContainer.create("ctplug-hostile", true, false,
                "lxc.mount.entry = " + share + " mnt/share none bind,create=dir 0 0");
        ct.start();
        assertThat(ct.attach("cat", "/mnt/share/canary").stdout()).isEqualTo(CANARY);
    }

    /** Mount points and file systems of ctplug's namespace, without its node store (mounted once, kept). */
    static List<String> hostMounts() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(l -> l.split(" ")[4] + " " + l.substring(l.indexOf(" - ") + 3).split(" ")[0])
                .filter(m -> !m.startsWith("/run/ctplug/dev ")).sorted().toList();
    }

    /** Plug, then unplug, and ctplug refuses at the plug for {@code why}; the host stays as it was. */
    void plugAndUnplugLeaveTheHostAlone(String path, String why) throws Exception {
        List<String> mounts = hostMounts();
        try (NotifySocket notify = new NotifySocket(dir.resolve("notify"))) {
            startDaemon("ttyS0", List.of(), Map.of("NOTIFY_SOCKET", notify.path.toString()), mapping(path));

            Tty.event("ttyS0", "add");
            await().atMost(WAIT).until(() -> daemon.logText().contains(why));
            assertThat(daemon.logText()).contains(ct.name + ": " + why).contains("nothing done");
            unplugHandled(notify);
        }

        assertThat(canary).hasContent(CANARY);
        assertThat(hostMounts()).isEqualTo(mounts);
        assertThat(daemon.logText()).doesNotContain("restarting it instead");
    }

    /** The daemon tells systemd how many devices are mapped: one after the plug, none once it saw the unplug. */
    void unplugHandled(NotifySocket notify) {
        await().atMost(WAIT).until(() -> notify.messages.stream().anyMatch(m -> m.contains(", 1 mapped")));
        Tty.event("ttyS0", "remove");
        await().atMost(WAIT).until(() -> notify.messages.get(notify.messages.size() - 1).contains(", 0 mapped"));
    }

    @Test
    void devReplacedBySymlinkToRootIsNotFollowed() throws Exception {
        containerWithShare();
        ct.attach("sh", "-c", "umount -l /dev && mv /dev /dev.old && ln -s / /dev").ok();

        plugAndUnplugLeaveTheHostAlone("/dev/mnt/share/canary", "/dev is a symlink in the container: not followed");
    }

    @Test
    void symlinkAtAParentOfTheMappedPathIsNotFollowed() throws Exception {
        containerWithShare();
        ct.attach("sh", "-c", "mkdir -p /dev/serial && ln -s /mnt/share /dev/serial/by-id").ok();

        plugAndUnplugLeaveTheHostAlone("/dev/serial/by-id/canary",
                "/dev/serial/by-id is a symlink in the container: not followed");
    }

    @Test
    void symlinkAtTheMappedPathIsNotReplacedOrFollowed() throws Exception {
        containerWithShare();
        ct.attach("ln", "-s", "/mnt/share/canary", "/dev/ttyZigbee").ok();

        plugAndUnplugLeaveTheHostAlone("/dev/ttyZigbee", "/dev/ttyZigbee is a symlink in the container: not followed");
        assertThat(ct.attach("readlink", "/dev/ttyZigbee").stdout().strip()).isEqualTo("/mnt/share/canary");
    }

    @Test
    void aHostDirectoryMountedOverDevIsNotTakenForTheContainersDevAtThePlug() throws Exception {
        containerWithShare();
        ct.attach("mount", "--bind", "/mnt/share", "/dev").ok();

        plugAndUnplugLeaveTheHostAlone("/dev/canary", "/dev in the container is not a tmpfs");
    }

    /**
     * A host directory bound below the container's /dev, as admins bind /dev/dri: what ctplug would
     * replace there is the host's node, so it refuses, and the host's node stays.
     */
    @Test
    void aHostDirectoryMountedBelowDevIsNotTakenForThePathsParent() throws Exception {
        containerWithShare();
        Path hostNode = share.resolve("renderD128");
        org.ctplug.testing.Shell.run("mknod", "-m", "0600", hostNode.toString(), "c", "1", "3").ok();
        ct.attach("sh", "-c", "mkdir -p /dev/dri && mount --bind /mnt/share /dev/dri").ok();

        plugAndUnplugLeaveTheHostAlone("/dev/dri/renderD128", "/dev/dri is another file system mounted into the"
                + " container's /dev");
        assertThat(hostNode).exists();
        assertThat(org.ctplug.testing.Shell.run("stat", "-c", "%t:%T", hostNode.toString()).ok().stdout().strip())
                .isEqualTo("1:3");
    }

    /**
     * The node was made; then the container's root puts the share over /dev, with a node at the
     * mapped path there, so that ctplug sees its node and removes it at the unplug.
     */
    @Test
    void aHostDirectoryMountedOverDevIsNotTakenForTheContainersDevAtTheUnplug() throws Exception {
        containerWithShare();
        Path hostNode = share.resolve("ttyZigbee");
        org.ctplug.testing.Shell.run("mknod", "-m", "0600", hostNode.toString(), "c", "1", "3").ok();
        List<String> mounts = hostMounts();
        try (NotifySocket notify = new NotifySocket(dir.resolve("notify"))) {
            startDaemon("ttyS0", List.of(), Map.of("NOTIFY_SOCKET", notify.path.toString()), mapping("/dev/ttyZigbee"));
            Tty.event("ttyS0", "add");
            await().atMost(WAIT).until(() -> ct.open("/dev/ttyZigbee").equals("ok"));
            ct.attach("mount", "--bind", "/mnt/share", "/dev").ok();

            unplugHandled(notify);
        }

        assertThat(daemon.logText()).contains(ct.name + ": /dev in the container is not a tmpfs").contains("nothing done");
        assertThat(hostNode).exists();
        assertThat(canary).hasContent(CANARY);
        assertThat(hostMounts()).isEqualTo(mounts);
    }

    /**
     * lxc-info names a process that is alive but is not the container's init: a sleep in the
     * host's mount namespace, as a reused PID would be. Nothing is made there, in the host's /dev.
     */
    @Test
    void aPidThatIsNotTheContainersInitIsNotActedOn() throws Exception {
        int init = runningContainer("ctplug-reused", false);
        Process sleep = new ProcessBuilder("sleep", "600").start();
        try {
            Path lxcInfo = dir.resolve("lxc-info");
            Files.writeString(lxcInfo, "#!/bin/sh\n/usr/bin/lxc-info \"$@\" | sed 's/^PID:.*/PID: " + sleep.pid()
                    + "/'\n");
            Files.setPosixFilePermissions(lxcInfo, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path hostSide = Path.of("/dev/ttyCtplugReused");
            assertThat(hostSide).doesNotExist();
            List<String> mounts = hostMounts();

            try (NotifySocket notify = new NotifySocket(dir.resolve("notify"))) {
                startDaemon("ttyS0", List.of(), Map.of("NOTIFY_SOCKET", notify.path.toString()),
                        mapping(hostSide.toString(), "lxc-info: " + lxcInfo));
                Tty.event("ttyS0", "add");
                String why = ct.name + ": PID " + sleep.pid() + " is in the host's mount namespace, so it is not"
                        + " the container's init; nothing done";
                await().atMost(WAIT).until(() -> daemon.logText().contains(why));
                unplugHandled(notify);
            }

            assertThat(hostSide).doesNotExist();
            assertThat(hostMounts()).isEqualTo(mounts);
            assertThat(ct.attach("test", "-e", "/dev/ttyCtplugReused").exit()).isNotZero();
            assertThat(ct.initPid()).as("not restarted").isEqualTo(init);
            assertThat(sleep.isAlive()).isTrue();
        } finally {
            sleep.destroy();
        }
    }
}
