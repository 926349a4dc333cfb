package org.ctplug.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.ctplug.kind.BlockKind;
import org.ctplug.kind.DrmKind;
import org.ctplug.kind.UsbKind;
import org.ctplug.testing.FakeSysfs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of node is found where the kernel lists it, with its identity from the first bus device above it. */
class KindScannerTest {
    @TempDir
    java.nio.file.Path root;
    FakeSysfs fs;
    SysfsScanner scanner;

    @BeforeEach
    void setUp() {
        fs = new FakeSysfs(root);
        scanner = new SysfsScanner(root);
    }

    private Device only(String subsystem) throws IOException {
        List<Device> of = scanner.scan().stream().filter(d -> d.subsystem().equals(subsystem)).toList();
        assertThat(of).hasSize(1);
        return of.get(0);
    }

    @Test
    void aRawUsbDeviceIsItsOwnNodeAndItsInterfacesAreNone() throws IOException {
        fs.nextDevnum("2", 2).rawUsb("2-1", "1a6e", "089a", null, "Coral");

        Device coral = scanner.scan().stream().filter(d -> d.kind() == UsbKind.USB && d.port().equals(java.util.Optional.of("2-1")))
                .findFirst().orElseThrow();
        assertThat(coral.devname()).isEqualTo("bus/usb/002/002");
        assertThat(coral.major()).isEqualTo(189);
        assertThat(coral.minor()).isEqualTo(129);
        assertThat(coral.ids()).contains("1a6e:089a");
        assertThat(coral.driver()).contains("usb");
        assertThat(scanner.scan()).extracting(Device::kernel).doesNotContain("2-1:1.0");
    }

    @Test
    void aUsbDevicesNumberFollowsBusAndDevnum() throws IOException {
        fs.nextDevnum("2", 3).rawUsb("2-1", "18d1", "9302", null, "Coral");

        Device coral = scanner.read("2-1").orElseThrow();
        assertThat(coral.devname()).isEqualTo("bus/usb/002/003");
        assertThat(coral.minor()).as("(busnum-1)*128 + devnum-1").isEqualTo(130);
    }

    @Test
    void hidrawTakesItsIdentityFromTheUsbDeviceAboveTheHidDevice() throws IOException {
        fs.hidraw("1-3", "0764", "0501", "CPS1234", 0, 241);

        Device ups = only("hidraw");
        assertThat(ups.devname()).isEqualTo("hidraw0");
        assertThat(ups.ids()).contains("0764:0501");
        assertThat(ups.serial()).contains("CPS1234");
        assertThat(ups.interfaceNumber()).contains(0);
        assertThat(ups.driver()).contains("hid-generic");
    }

    @Test
    void aWebcamGivesTwoVideoNodesBelowItsInterface() throws IOException {
        fs.webcam("1-4", "046d", "0825", 0);

        List<Device> video = scanner.scan().stream().filter(d -> d.subsystem().equals("video4linux")).toList();
        assertThat(video).extracting(Device::devname).containsExactly("video0", "video1");
        assertThat(video).allSatisfy(v -> {
            assertThat(v.ids()).contains("046d:0825");
            assertThat(v.driver()).contains("uvcvideo");
            assertThat(v.slot()).as("the xHCI controller above is no identity").isEmpty();
        });
    }

    @Test
    void aGpuHasCardAndRenderNodesWithItsPciIdentityAndItsConnectorIsNoNode() throws IOException {
        fs.gpu("0000:00:02.0", "8086", "3e92");

        List<Device> drm = scanner.scan().stream().filter(d -> d.kind() == DrmKind.DRM).toList();
        assertThat(drm).extracting(Device::kernel).containsExactly("card0", "renderD128");
        assertThat(drm).extracting(Device::devname).containsExactly("dri/card0", "dri/renderD128");
        assertThat(drm).allSatisfy(g -> {
            assertThat(g.ids()).contains("8086:3e92");
            assertThat(g.slot()).contains("0000:00:02.0");
            assertThat(g.port()).isEmpty();
            assertThat(g.driver()).contains("i915");
        });
    }

    @Test
    void anInputDeviceIsItsEventNodeNotTheInputDeviceAboveIt() throws IOException {
        fs.keyboard("1-5", "046d", "c31c", 3);

        Device kbd = only("input");
        assertThat(kbd.kernel()).isEqualTo("event3");
        assertThat(kbd.devname()).isEqualTo("input/event3");
        assertThat(kbd.minor()).isEqualTo(67);
        assertThat(kbd.ids()).contains("046d:c31c");
    }

    @Test
    void tunAndZramHaveNoBusDeviceAndZramIsABlockNode() throws IOException {
        fs.tun().zram(1, 252);

        Device tun = only("misc");
        assertThat(tun.devname()).isEqualTo("net/tun");
        assertThat(tun.major()).isEqualTo(10);
        assertThat(tun.minor()).isEqualTo(200);
        assertThat(tun.bus()).isEmpty();
        Device zram = only("block");
        assertThat(zram.kind()).isEqualTo(BlockKind.BLOCK);
        assertThat(zram.type()).isEqualTo('b');
        assertThat(zram.major()).isEqualTo(252);
    }

    @Test
    void withUdevRunningABlockNodeNeedsItsBDatabaseEntry() throws IOException {
        fs.zram(1, 252).udevRunning();
        assertThat(scanner.scan()).isEmpty();

        fs.udev("zram1", "disk/by-id/zram-test");
        assertThat(root.resolve("run/udev/data/b252:1")).exists();
        assertThat(only("block").links()).containsExactly("/dev/disk/by-id/zram-test");
    }

    @Test
    void anEventDevpathIsReadAsTheKindWhoseEntryLinksToIt() throws IOException {
        fs.gpu("0000:00:02.0", "8086", "3e92").nextDevnum("2", 2).rawUsb("2-1", "1a6e", "089a", null, "Coral");

        assertThat(scanner.readDevpath(fs.devpath("renderD128")).map(Device::kind)).contains(DrmKind.DRM);
        assertThat(scanner.readDevpath(fs.devpath("2-1")).map(Device::devname)).contains("bus/usb/002/002");
        assertThat(scanner.readDevpath(fs.devpath("2-1") + ":1.0")).as("an interface has no node").isEmpty();
    }

    @Test
    void unpluggingAUsbDeviceTakesItsNodesAndBusEntriesAlong() throws IOException {
        fs.hidraw("1-3", "0764", "0501", "CPS1234", 0, 241);

        fs.unplug("hidraw0");

        assertThat(scanner.scan()).noneMatch(d -> d.port().equals(java.util.Optional.of("1-3")));
        assertThat(root.resolve("sys/bus/usb/devices/1-3")).doesNotExist();
        assertThat(root.resolve("sys/dev/char/241:0")).doesNotExist();
    }

    @Test
    void aUsbDiskAndItsPartitionsShareTheStickIdentityAndSayWhichIsWhich() throws IOException {
        fs.usbDisk("1-6", "0781", "5581", "4C530001", "sda", 0, 2);

        List<Device> block = scanner.scan().stream().filter(d -> d.kind() == BlockKind.BLOCK).toList();
        assertThat(block).extracting(Device::kernel).containsExactly("sda", "sda1", "sda2");
        assertThat(block).allSatisfy(d -> {
            assertThat(d.ids()).contains("0781:5581");
            assertThat(d.serial()).contains("4C530001");
            assertThat(d.type()).isEqualTo('b');
        });
        assertThat(block).extracting(d -> d.devtype().orElse("")).containsExactly("disk", "partition", "partition");
    }

    @Test
    void aUsbNodeNeverTakesItsHostControllersPciIdentity() throws IOException {
        fs.webcam("1-4", "046d", "0825", 0);

        assertThat(scanner.scan()).filteredOn(d -> d.subsystem().equals("video4linux"))
                .allSatisfy(v -> assertThat(v.slot()).isEmpty()).allSatisfy(v -> assertThat(v.vendor()).contains("046d"));
    }
}
