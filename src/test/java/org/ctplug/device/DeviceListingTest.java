package org.ctplug.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ctplug.testing.FakeSysfs;
import org.ctplug.testing.UsbStick;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class DeviceListingTest {
    private static final String HOSTILE_SERIAL = "x\", RUN+=\"/bin/sh -c id\u0001\n";

    @TempDir
    Path root;

    private Device hostileStick() throws IOException {
        new FakeSysfs(root).usbSerial(UsbStick.CC2531.withSerial(HOSTILE_SERIAL));
        return new SysfsScanner(root).read("ttyACM0").orElseThrow();
    }

    private Device ttyS0() throws IOException {
        new FakeSysfs(root).builtinTtyS0();
        return new SysfsScanner(root).read("ttyS0").orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parse(String json) {
        return (List<Map<String, Object>>) new Yaml().load(json);
    }

    @Test
    void hostileSerialIsReadExactlyFromTheFixture() throws IOException {
        assertThat(hostileStick().serial()).contains(HOSTILE_SERIAL);
    }

    @Test
    void jsonKeepsHostileSerialExactly() throws IOException {
        String json = DeviceListing.json(List.of(ListedDevice.unmatched(hostileStick())));

        assertThat(json).doesNotContain("\u0001");
        assertThat(parse(json).get(0).get("serial")).isEqualTo(HOSTILE_SERIAL);
    }

    @Test
    void tableEscapesHostileSerial() throws IOException {
        String table = DeviceListing.table(List.of(ListedDevice.unmatched(hostileStick())));

        assertThat(table.lines()).hasSize(2);
        assertThat(table.lines().toList().get(1)).contains("x\\\", RUN+=\\\"/bin/sh -c id\\x01\\n");
        assertThat(table.chars().filter(c -> c < 0x20 && c != '\n')).isEmpty();
    }

    @Test
    void jsonHasEveryKeyInOrderAndNullForAbsentValues() throws IOException {
        String json = DeviceListing.json(List.of(ListedDevice.unmatched(ttyS0())));

        Map<String, Object> o = parse(json).get(0);
        assertThat(o.keySet()).containsExactly("devname", "devpath", "subsystem", "major", "minor", "vendor",
                "product", "serial", "manufacturer", "model", "interface", "port", "driver", "links", "entry", "error",
                "containerLinks");
        assertThat(o).containsEntry("devname", "ttyS0").containsEntry("major", 4).containsEntry("minor", 64)
                .containsEntry("vendor", null).containsEntry("interface", null).containsEntry("entry", null)
                .containsEntry("error", null).containsEntry("links", List.of()).containsEntry("driver", "serial8250");
    }

    @Test
    void jsonCarriesUsbFieldsEntryAndError() throws IOException {
        FakeSysfs fs = new FakeSysfs(root).cdcAcm().ftdi().udev("ttyACM0", "ttyZigbee").udev("ttyUSB0");
        SysfsScanner scanner = new SysfsScanner(fs.root());
        List<ListedDevice> listed = List.of(
                new ListedDevice(scanner.read("ttyACM0").orElseThrow(), Optional.of("zigbee"), Optional.empty()),
                new ListedDevice(scanner.read("ttyUSB0").orElseThrow(), Optional.empty(),
                        Optional.of("matched by entries a and b")));

        List<Map<String, Object>> parsed = parse(DeviceListing.json(listed));
        assertThat(parsed.get(0)).containsEntry("vendor", "0451").containsEntry("product", "16a8")
                .containsEntry("interface", 0).containsEntry("port", "1-1").containsEntry("model", "TI CC2531 USB CDC")
                .containsEntry("links", List.of("/dev/ttyZigbee")).containsEntry("entry", "zigbee");
        assertThat(parsed.get(1)).containsEntry("entry", null).containsEntry("error", "matched by entries a and b");
    }

    @Test
    void theLinksSeenInEachRunningContainerAreShownPerContainer() throws IOException {
        FakeSysfs fs = new FakeSysfs(root).cdcAcm().udev("ttyACM0", "ttyZigbee");
        Device d = new SysfsScanner(fs.root()).read("ttyACM0").orElseThrow();
        ListedDevice listed = new ListedDevice(d, Optional.of("zigbee"), Optional.empty(), Map.of(
                "ha", List.of("/dev/serial/by-id/usb-TI-if00", "/dev/ttyZigbee"), "hb", List.of()));

        assertThat(DeviceListing.table(List.of(listed)).lines().toList().get(1).split(" +"))
                .contains("ha:serial/by-id/usb-TI-if00,ttyZigbee");
        assertThat(parse(DeviceListing.json(List.of(listed))).get(0)).containsEntry("containerLinks", Map.of(
                "ha", List.of("/dev/serial/by-id/usb-TI-if00", "/dev/ttyZigbee"), "hb", List.of()));
    }

    @Test
    void emptyListIsAnEmptyJsonArray() {
        assertThat(parse(DeviceListing.json(List.of()))).isEmpty();
    }

    @Test
    void tableHasHeaderAndOneRowPerDevice() throws IOException {
        FakeSysfs fs = new FakeSysfs(root).cdcAcm().udev("ttyACM0", "ttyZigbee");
        Device d = new SysfsScanner(fs.root()).read("ttyACM0").orElseThrow();

        List<String> lines = DeviceListing.table(List.of(
                new ListedDevice(d, Optional.of("zigbee"), Optional.empty()))).lines().toList();
        assertThat(lines.get(0).split(" +")).containsExactly(
                "DEVICE", "MAJ:MIN", "VID:PID", "SERIAL", "PORT", "IF", "DRIVER", "LINKS", "CONTAINER-LINKS", "ENTRY");
        assertThat(lines.get(1).split(" +")).containsExactly(
                "ttyACM0", "166:0", "0451:16a8", "__0X00124B001CDD2F8A", "1-1", "0", "cdc_acm", "/dev/ttyZigbee", "-",
                "zigbee");
    }

    @Test
    void tableShowsErrorInEntryColumn() throws IOException {
        String table = DeviceListing.table(List.of(
                new ListedDevice(ttyS0(), Optional.empty(), Optional.of("ambiguous"))));

        assertThat(table.lines().toList().get(1)).endsWith("! ambiguous");
    }

    @Test
    void tableShowsDashForAbsentValues() throws IOException {
        String row = DeviceListing.table(List.of(ListedDevice.unmatched(ttyS0()))).lines().toList().get(1);

        assertThat(row.split(" +")).containsExactly("ttyS0", "4:64", "-", "-", "-", "-", "serial8250", "-", "-", "-");
    }

    @Test
    void tableShowsA32CharacterSerialWhole() throws IOException {
        new FakeSysfs(root).cp210x();
        Device d = new SysfsScanner(root).read("ttyUSB0").orElseThrow();

        assertThat(DeviceListing.table(List.of(ListedDevice.unmatched(d)))).contains(d.serial().orElseThrow());
    }

    @Test
    void tableTruncatesLongValuesWithEllipsis() throws IOException {
        new FakeSysfs(root).usbSerial(UsbStick.FT232R.withSerial("S".repeat(200)));
        Device d = new SysfsScanner(root).read("ttyUSB0").orElseThrow();

        String row = DeviceListing.table(List.of(ListedDevice.unmatched(d))).lines().toList().get(1);
        assertThat(row).contains("S".repeat(31) + "…").doesNotContain("S".repeat(32));
    }
}
