package org.ctplug.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.ctplug.device.KernelEvents;
import org.ctplug.exec.ProcessRunner;
import org.ctplug.mapping.Mapping;
import org.ctplug.mapping.MappingLoader;
import org.ctplug.plan.Reconciler;
import org.ctplug.plan.RestartHold;
import org.ctplug.testing.FakeSysfs;
import org.ctplug.testing.HostTest;
import org.ctplug.testing.LxcContainer;
import org.ctplug.testing.Shell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Google Coral that re-enumerates, and a GPU's two nodes, given to a real running container.
 * This machine has no USB, so the device is a sysfs tree laid out as the kernel lays out a
 * usb_device; the container, its device cgroup and its /dev are real. With no USB driver the
 * kernel has no major 189, so a node of it that the device cgroup lets through fails to open with
 * ENXIO, and one it keeps out with EPERM: that tells what is granted, on either layout.
 */
class CoralFixtureHostTest extends HostTest {
    static final String ALLOWED = "No such device or address";
    static final String DENIED = "Operation not permitted";

    FakeSysfs fixture;
    Reconciler reconciler;

    void reconcile() throws Exception {
        var outcome = reconciler.run(RestartHold.NONE).outcome();
        assertThat(outcome.failures()).isEmpty();
    }

    void setUpFor(boolean unprivileged) throws Exception {
        setUpFor(unprivileged, """
                  coral:
                    match: {subsystem: usb, ids: ["1a6e:089a", "18d1:9302"]}
                    containers: [%s]
                """);
    }

    void setUpFor(boolean unprivileged, String devices) throws Exception {
        ct = LxcContainer.create("ctplug-fixture", true, unprivileged);
        ct.start();
        fixture = new FakeSysfs(dir.resolve("devices"));
        Path file = dir.resolve("devices.yaml");
        // the fixture's devices are no real ones udev could be asked to replay
        Files.writeString(file, "version: 1\nbackend: lxc\ntools: {udevadm: /bin/true}\ndevices:\n"
                + devices.formatted(ct.name, ct.name));
        Mapping mapping = MappingLoader.load(file, org.ctplug.mapping.BackendKind.LXC);
        reconciler = Context.reconciler(Path.of("/"), fixture.root(), mapping, new ProcessRunner(), KernelEvents.none());
    }

    String stat(String path) {
        var out = ct.attach("stat", "-c", "%F %t:%T", path);
        return out.exit() == 0 ? out.stdout().strip() : "absent";
    }

    List<String> grants() throws Exception {
        return Files.readAllLines(ct.config()).stream().filter(l -> l.startsWith(layout.allowKey()) && l.contains(" 189:"))
                .toList();
    }

    /** A node of 189:minor made inside by the host, outside anything ctplug manages. */
    String probe(int minor) {
        return probe(189, minor);
    }

    String probe(int major, int minor) {
        String path = "/dev/ctplug-probe-" + major + "-" + minor;
        Shell.run("mknod", "/proc/" + ct.initPid() + "/root" + path, "c", String.valueOf(major),
                String.valueOf(minor)).ok();
        return ct.attach("sh", "-c", "exec 3<>" + path).output();
    }

    /** A GPU's card and render node from two entries, each with the container's own group for it. */
    @ParameterizedTest(name = "unprivileged={0}")
    @ValueSource(booleans = {false, true})
    void aGpusTwoNodesGoLiveWithTheirGroupsAndNoOtherMinorOf226(boolean unprivileged) throws Exception {
        setUpFor(unprivileged, """
                  igpu-render:
                    match: {subsystem: drm, vendor: "8086", kernel: "renderD*"}
                    containers: [{id: %s, gid: 104}]
                  igpu-card:
                    match: {subsystem: drm, vendor: "8086", kernel: "card*"}
                    containers: [{id: %s, gid: 44}]
                """);
        fixture.gpu("0000:00:02.0", "8086", "3e92");
        reconcile();

        assertThat(stat("/dev/dri/renderD128")).isEqualTo("character special file e2:80");
        assertThat(stat("/dev/dri/card0")).isEqualTo("character special file e2:0");
        assertThat(ct.attach("stat", "-c", "%g", "/dev/dri/renderD128").ok().stdout().strip()).isEqualTo("104");
        assertThat(ct.attach("stat", "-c", "%g", "/dev/dri/card0").ok().stdout().strip()).isEqualTo("44");
        assertThat(Files.readAllLines(ct.config()).stream().filter(l -> l.startsWith(layout.allowKey())
                && l.contains(" 226:"))).containsExactlyInAnyOrder(layout.allowKey() + " = c 226:128 rwm",
                layout.allowKey() + " = c 226:0 rwm");
        assertThat(ct.attach("sh", "-c", "exec 3<>/dev/dri/renderD128").output()).contains(ALLOWED);
        if (!unprivileged) {
            assertThat(probe(226, 1)).as("another card").contains(DENIED);
            assertThat(probe(226, 129)).as("another render node").contains(DENIED);
        }
    }

    @ParameterizedTest(name = "unprivileged={0}")
    @ValueSource(booleans = {false, true})
    void theReEnumeratedCoralIsFollowedLiveWithOnlyItsNewNumberGranted(boolean unprivileged) throws Exception {
        setUpFor(unprivileged);
        int pid = ct.initPid();
        fixture.nextDevnum("2", 2).rawUsb("2-1", "1a6e", "089a", null, "Coral");
        reconcile();
        assertThat(stat("/dev/bus/usb/002/002")).isEqualTo("character special file bd:81");
        assertThat(grants()).containsExactly(layout.allowKey() + " = c 189:129 rwm");
        assertThat(ct.attach("sh", "-c", "exec 3<>/dev/bus/usb/002/002").output()).contains(ALLOWED);

        // the Edge TPU runtime loaded its firmware: 18d1:9302 at 002/003
        fixture.unplug("2-1").nextDevnum("2", 3).rawUsb("2-1", "18d1", "9302", null, "Coral");
        reconcile();

        assertThat(stat("/dev/bus/usb/002/002")).isEqualTo("absent");
        assertThat(stat("/dev/bus/usb/002/003")).isEqualTo("character special file bd:82");
        assertThat(grants()).containsExactly(layout.allowKey() + " = c 189:130 rwm");
        assertThat(ct.attach("sh", "-c", "exec 3<>/dev/bus/usb/002/003").output()).contains(ALLOWED);
        assertThat(ct.initPid()).isEqualTo(pid);
        if (!unprivileged) {
            // a node made on an unprivileged container's own /dev does not open at all (its tmpfs
            // belongs to the container's user namespace, which makes it nodev): privileged only
            assertThat(probe(129)).as("the old number is denied live").contains(DENIED);
            assertThat(probe(131)).contains(DENIED);
        } else {
            // made inside as the container's root, so they are its own
            Path inside = Path.of("/proc/" + ct.initPid() + "/root");
            for (String d : List.of("dev/bus", "dev/bus/usb", "dev/bus/usb/002")) {
                assertThat(Shell.run("stat", "-c", "%u:%g", inside.resolve(d).toString()).ok().stdout().strip())
                        .as(d).isEqualTo(ct.idShift() + ":" + ct.idShift());
            }
        }
    }

    @Test
    void anUnpluggedCoralLeavesNoNodeAndNoGrant() throws Exception {
        setUpFor(false);
        fixture.nextDevnum("2", 2).rawUsb("2-1", "1a6e", "089a", null, "Coral");
        reconcile();
        assertThat(stat("/dev/bus/usb/002/002")).startsWith("character special file");

        fixture.unplug("2-1");
        reconcile();

        assertThat(stat("/dev/bus/usb/002/002")).isEqualTo("absent");
        assertThat(grants()).isEmpty();
        assertThat(probe(129)).contains(DENIED);
    }
}
