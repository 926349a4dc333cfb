package org.ctplug.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.ctplug.kind.TtyKind;
import org.ctplug.testing.FakeSysfs;
import org.ctplug.testing.UsbStick;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysfsScannerTest {
    private static final String XHCI = "/devices/pci0000:00/0000:00:14.0/usb1";

    @TempDir
    Path root;
    FakeSysfs fs;
    SysfsScanner scanner;

    @BeforeEach
    void setUp() {
        fs = new FakeSysfs(root);
        scanner = new SysfsScanner(root);
    }

    /** The ttys of a scan: the sticks' usb_devices, and the hubs they sit in, are nodes too. */
    private static List<Device> ttys(SysfsScanner scanner) throws IOException {
        return scanner.scan().stream().filter(d -> d.kind() == TtyKind.TTY).toList();
    }

    @Test
    void cdcAcmStickIsReadFromItsInterfaceAndUsbDevice() throws IOException {
        fs.cdcAcm();

        assertThat(scanner.read("ttyACM0")).contains(new Device("ttyACM0", "ttyACM0",
                XHCI + "/1-1/1-1:1.0/tty/ttyACM0", TtyKind.TTY, Optional.empty(), 166, 0,
                Optional.of("0451"), Optional.of("16a8"), Optional.of("__0X00124B001CDD2F8A"),
                Optional.of("Texas Instruments"), Optional.of("TI CC2531 USB CDC"), Optional.of(0),
                Optional.of("1-1"), Optional.empty(), Optional.of("cdc_acm"), List.of()));
    }

    @Test
    void conBeeBehindHubHasNestedPortPath() throws IOException {
        fs.usbSerial(UsbStick.CONBEE_II.at("1-1.2"));

        Device d = scanner.read("ttyACM0").orElseThrow();
        assertThat(d.devpath()).isEqualTo(XHCI + "/1-1/1-1.2/1-1.2:1.0/tty/ttyACM0");
        assertThat(d.port()).contains("1-1.2");
        assertThat(d.vendor()).contains("1cf1");
        assertThat(d.product()).contains("0030");
        assertThat(d.model()).contains("ConBee II");
    }

    @Test
    void ftdiDriverComesFromTheUsbSerialPortDevice() throws IOException {
        fs.ftdi();

        assertThat(scanner.read("ttyUSB0")).contains(new Device("ttyUSB0", "ttyUSB0",
                XHCI + "/1-2/1-2:1.0/ttyUSB0/tty/ttyUSB0", TtyKind.TTY, Optional.empty(), 188, 0,
                Optional.of("0403"), Optional.of("6001"), Optional.of("A50285BI"),
                Optional.of("FTDI"), Optional.of("FT232R USB UART"), Optional.of(0),
                Optional.of("1-2"), Optional.empty(), Optional.of("ftdi_sio"), List.of()));
    }

    @Test
    void cp210xDongleIsUsbSerialWithItsDescriptors() throws IOException {
        fs.cp210x();

        Device d = scanner.read("ttyUSB0").orElseThrow();
        assertThat(d.vendor()).contains("10c4");
        assertThat(d.product()).contains("ea60");
        assertThat(d.serial()).contains("a8b1c2d3e4f5ed11b2c3d4e5f6a7b8c9");
        assertThat(d.manufacturer()).contains("ITead");
        assertThat(d.model()).contains("Sonoff Zigbee 3.0 USB Dongle Plus");
        assertThat(d.driver()).contains("cp210x");
        assertThat(d.port()).contains("1-3");
        assertThat(d.isUsb()).isTrue();
    }

    @Test
    void quadAdapterGivesOneTtyPerInterface() throws IOException {
        fs.ftdiQuad();

        List<Device> devices = ttys(scanner);
        assertThat(devices).extracting(Device::devname).containsExactly("ttyUSB0", "ttyUSB1", "ttyUSB2", "ttyUSB3");
        assertThat(devices).extracting(Device::minor).containsExactly(0, 1, 2, 3);
        assertThat(devices).extracting(d -> d.interfaceNumber().orElseThrow()).containsExactly(0, 1, 2, 3);
        assertThat(devices).extracting(d -> d.product().orElseThrow()).containsOnly("6011");
        assertThat(devices).extracting(d -> d.port().orElseThrow()).containsOnly("1-4");
        assertThat(devices.get(3).devpath()).isEqualTo(XHCI + "/1-4/1-4:1.3/ttyUSB3/tty/ttyUSB3");
    }

    @Test
    void interfaceNumberIsReadAsHex() throws IOException {
        fs.usbSerial(new UsbStick("1-6", "0403", "6011", "X", "FTDI", "Many", "ftdi_sio", 11, "ttyUSB", 188, 0));

        assertThat(scanner.read("ttyUSB10").orElseThrow().interfaceNumber()).contains(10);
    }

    @Test
    void identicalSticksDifferInSerialPortAndName() throws IOException {
        fs.twoIdenticalSticks();

        List<Device> devices = ttys(scanner);
        assertThat(devices).hasSize(2);
        Device first = devices.get(0);
        Device second = devices.get(1);
        assertThat(first.serial()).isNotEqualTo(second.serial());
        assertThat(first.port()).contains("1-1.1");
        assertThat(second.port()).contains("1-1.2");
        assertThat(second.devname()).isEqualTo("ttyACM1");
        assertThat(second.minor()).isEqualTo(1);
        assertThat(List.of(first.vendor(), first.product(), first.model(), first.manufacturer()))
                .isEqualTo(List.of(second.vendor(), second.product(), second.model(), second.manufacturer()));
    }

    @Test
    void stickWithoutSerialHasNoSerialAndNoManufacturer() throws IOException {
        fs.stickWithoutSerial();

        Device d = scanner.read("ttyUSB0").orElseThrow();
        assertThat(d.serial()).isEmpty();
        assertThat(d.manufacturer()).isEmpty();
        assertThat(d.model()).contains("USB Serial");
        assertThat(d.driver()).contains("ch341");
    }

    @Test
    void builtinUartHasNoUsbParentAndItsPlatformDriver() throws IOException {
        fs.builtinTtyS0();

        assertThat(scanner.read("ttyS0")).contains(new Device("ttyS0", "ttyS0",
                "/devices/platform/serial8250/tty/ttyS0", TtyKind.TTY, Optional.empty(), 4, 64,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("serial8250"), List.of()));
    }

    @Test
    void serialBaseDevicesOfNewKernelsAreNotTakenForTheDriver() throws IOException {
        fs.pnpTtyS0();

        Device d = scanner.read("ttyS0").orElseThrow();
        assertThat(d.devpath()).isEqualTo("/devices/pnp0/00:00/00:00:0/00:00:0.0/tty/ttyS0");
        assertThat(d.driver()).contains("serial");
    }

    @Test
    void virtualConsoleHasNoDriver() throws IOException {
        fs.virtualTty("tty5", 4, 5);

        Device d = scanner.read("tty5").orElseThrow();
        assertThat(d.devpath()).isEqualTo("/devices/virtual/tty/tty5");
        assertThat(d.driver()).isEmpty();
        assertThat(d.isUsb()).isFalse();
    }

    @Test
    void ttyWithoutDeviceNumbersIsSkipped() throws IOException {
        fs.virtualTty("tty5", 4, 5).virtualTty("tty6", 4, 6);
        // a device without a dev_t: no dev attribute, and no MAJOR, MINOR or DEVNAME in its uevent
        Files.delete(root.resolve("sys/devices/virtual/tty/tty6/dev"));
        Files.writeString(root.resolve("sys/devices/virtual/tty/tty6/uevent"), "");

        assertThat(ttys(scanner)).extracting(Device::devname).containsExactly("tty5");
        assertThat(scanner.read("tty6")).isEmpty();
    }

    @Test
    void aDeviceNumberIsTheKernelsDecimalWithinADevT() {
        assertThat(SysfsScanner.decimal("0", SysfsScanner.MAX_MINOR)).isZero();
        assertThat(SysfsScanner.decimal("1048575", SysfsScanner.MAX_MINOR)).isEqualTo(1048575);
        assertThat(SysfsScanner.decimal("1048576", SysfsScanner.MAX_MINOR)).isEqualTo(-1);
        assertThat(SysfsScanner.decimal("4095", SysfsScanner.MAX_MAJOR)).isEqualTo(4095);
        assertThat(SysfsScanner.decimal("4096", SysfsScanner.MAX_MAJOR)).isEqualTo(-1);
        assertThat(SysfsScanner.decimal("007", SysfsScanner.MAX_MAJOR)).isEqualTo(7);
        for (String bad : new String[] {"", " 5", "5 ", "+5", "-1", "4x", "99999999999"}) {
            assertThat(SysfsScanner.decimal(bad, SysfsScanner.MAX_MINOR)).as(bad).isEqualTo(-1);
        }
        assertThat(SysfsScanner.decimal(null, SysfsScanner.MAX_MINOR)).isEqualTo(-1);
    }

    @Test
    void anEmptyUeventLeavesTheNumbersToTheDevAttribute() throws IOException {
        // what the kernel shows when a bus's or class's uevent callback fails
        fs.virtualTty("tty5", 4, 5);
        Files.writeString(root.resolve("sys/devices/virtual/tty/tty5/uevent"), "");

        assertThat(ttys(scanner)).extracting(Device::devname, Device::major, Device::minor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("tty5", 4, 5));
    }

    @Test
    void aDeviceNumberTheKernelWouldNotPrintIsSkipped() throws IOException {
        fs.virtualTty("tty5", 4, 5).virtualTty("tty6", 4, 6).virtualTty("tty7", 4, 7).virtualTty("tty8", 4, 8);
        Files.writeString(root.resolve("sys/devices/virtual/tty/tty6/uevent"), "MAJOR=4x\nMINOR=6\nDEVNAME=tty6\n");
        Files.writeString(root.resolve("sys/devices/virtual/tty/tty7/uevent"),
                "MAJOR=4\nMINOR=99999999999\nDEVNAME=tty7\n");
        Files.writeString(root.resolve("sys/devices/virtual/tty/tty8/uevent"), "MAJOR=4\nMINOR=2000000\nDEVNAME=tty8\n");

        assertThat(ttys(scanner)).extracting(Device::devname).containsExactly("tty5");
    }

    @Test
    void scanIsSortedByDevname() throws IOException {
        fs.ftdi().cdcAcm().builtinTtyS0().virtualTty("tty1", 4, 1);

        assertThat(ttys(scanner)).extracting(Device::devname)
                .containsExactly("tty1", "ttyACM0", "ttyS0", "ttyUSB0");
    }

    @Test
    void withoutUdevSysfsAloneDecides() throws IOException {
        fs.cdcAcm();

        assertThat(scanner.udevRunning()).isFalse();
        assertThat(ttys(scanner)).hasSize(1);
    }

    @Test
    void whileUdevRunsAnUninitializedDeviceIsNotPresent() throws IOException {
        fs.cdcAcm().ftdi().udevRunning().udev("ttyUSB0");

        assertThat(scanner.udevRunning()).isTrue();
        assertThat(ttys(scanner)).extracting(Device::devname).containsExactly("ttyUSB0");
        assertThat(scanner.read("ttyACM0")).isEmpty();
    }

    @Test
    void udevRemoveMakesDeviceAbsentWhileSysfsEntryStays() throws IOException {
        fs.virtualTty("tty5", 4, 5).udev("tty5").udevRemoved("tty5");

        assertThat(root.resolve("sys/class/tty/tty5/dev")).exists();
        assertThat(scanner.read("tty5")).isEmpty();
    }

    @Test
    void linksAreTheSortedSymlinksOfTheUdevDatabase() throws IOException {
        fs.cdcAcm().udev("ttyACM0", "ttyZigbee",
                "serial/by-id/usb-Texas_Instruments_TI_CC2531_USB_CDC___0X00124B001CDD2F8A-if00",
                "serial/by-path/pci-0000:00:14.0-usb-0:1:1.0");

        assertThat(scanner.read("ttyACM0").orElseThrow().links()).containsExactly(
                "/dev/serial/by-id/usb-Texas_Instruments_TI_CC2531_USB_CDC___0X00124B001CDD2F8A-if00",
                "/dev/serial/by-path/pci-0000:00:14.0-usb-0:1:1.0",
                "/dev/ttyZigbee");
    }

    @Test
    void unpluggedStickIsGoneWithAllItsTtys() throws IOException {
        fs.ftdiQuad().cdcAcm().unplug("ttyUSB2");

        assertThat(ttys(scanner)).extracting(Device::devname).containsExactly("ttyACM0");
    }

    @Test
    void readDevpathFindsTheDeviceAtThatPath() throws IOException {
        fs.ftdi();

        assertThat(scanner.readDevpath(fs.devpath("ttyUSB0")).map(Device::devname)).contains("ttyUSB0");
    }

    @Test
    void readDevpathOfAnotherLocationIsEmpty() throws IOException {
        fs.ftdi();

        assertThat(scanner.readDevpath(XHCI + "/1-3/1-3:1.0/ttyUSB0/tty/ttyUSB0")).isEmpty();
        assertThat(scanner.readDevpath("/devices/../../etc/ttyUSB0")).isEmpty();
        assertThat(scanner.readDevpath("ttyUSB0")).isEmpty();
    }

    @Test
    void readOfAnUnknownOrMalformedNameIsEmpty() throws IOException {
        fs.ftdi();

        assertThat(scanner.read("ttyUSB9")).isEmpty();
        assertThat(scanner.read("..")).isEmpty();
        assertThat(scanner.read("../class/tty/ttyUSB0")).isEmpty();
    }

    @Test
    void scanOfAnEmptyRootFindsNothing() throws IOException {
        assertThat(ttys(scanner)).isEmpty();
    }

    @Test
    void aKernelAddMakesADeviceUdevHasNotFinishedPresent() throws IOException {
        fs.cdcAcm().udevRunning();
        KernelEvents events = KernelEvents.recording();
        events.record(fs.devpath("ttyACM0"), "add");

        assertThat(ttys(new SysfsScanner(root, events))).extracting(Device::devname).containsExactly("ttyACM0");
        assertThat(ttys(scanner)).as("without the kernel's event, udev's database decides").isEmpty();
    }

    @Test
    void aKernelRemoveMakesADeviceAbsentWhileItsSysfsEntryAndUdevEntryStay() throws IOException {
        fs.virtualTty("tty5", 4, 5).udevRunning().udev("tty5");
        KernelEvents events = KernelEvents.recording();
        events.record(fs.devpath("tty5"), "remove");

        assertThat(ttys(new SysfsScanner(root, events))).isEmpty();
        events.record(fs.devpath("tty5"), "change");
        assertThat(ttys(new SysfsScanner(root, events))).as("a change says nothing of presence").isEmpty();
    }

    @Test
    void aDevpathWhoseLastKernelEventWasARemoveIsAbsentWithoutAReadOfIt() throws IOException {
        fs.virtualTty("tty5", 4, 5).udevRunning().udev("tty5");
        // an attribute no read can take: reading the device fails (a symlink to itself, ELOOP)
        Path uevent = root.resolve("sys" + fs.devpath("tty5")).resolve("uevent");
        Files.delete(uevent);
        Files.createSymbolicLink(uevent, Path.of("uevent"));
        KernelEvents events = KernelEvents.recording();
        SysfsScanner scanner = new SysfsScanner(root, events);
        events.record(fs.devpath("tty5"), "add");
        assertThatThrownBy(() -> scanner.readDevpath(fs.devpath("tty5"))).isInstanceOf(IOException.class);

        events.record(fs.devpath("tty5"), "remove");

        assertThat(scanner.readDevpath(fs.devpath("tty5"))).isEmpty();
    }

    @Test
    void aSyntheticRemoveAndARealUnplugLookAlike() throws IOException {
        fs.virtualTty("tty5", 4, 5).virtualTty("tty6", 4, 6).udevRunning().udev("tty5").udev("tty6");
        KernelEvents events = KernelEvents.recording();
        events.record(fs.devpath("tty5"), "remove");
        events.record(fs.devpath("tty6"), "remove");
        fs.unplug("tty6");

        assertThat(ttys(new SysfsScanner(root, events))).isEmpty();
    }

    @Test
    void afterAnOverflowUdevsDatabaseDecidesAgain() throws IOException {
        fs.cdcAcm().udevRunning();
        KernelEvents events = KernelEvents.recording();
        events.record(fs.devpath("ttyACM0"), "add");

        events.forget();

        assertThat(ttys(new SysfsScanner(root, events))).isEmpty();
    }
}
