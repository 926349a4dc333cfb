package org.ctplug.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ctplug.testing.FakeHost;
import org.ctplug.testing.UsbStick;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** `ctplug list` over kernel-shaped fixture trees: the fields it shows, the entry each matches, and ambiguity. */
class ListCommandTest {
    @TempDir
    Path root;
    FakeHost host;

    @BeforeEach
    void setUp() throws IOException {
        host = new FakeHost(root);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> listJson() {
        FakeHost.Run run = host.ctplug("list", "--json");
        assertThat(run.exit()).as(run.err()).isEqualTo(0);
        return (List<Map<String, Object>>) new Yaml().load(run.out());
    }

    private Map<String, Object> device(String devname) {
        return listJson().stream().filter(d -> devname.equals(d.get("devname"))).findFirst().orElseThrow();
    }

    @Test
    void cdcAcmStickShowsEveryField() throws IOException {
        host.sysfs.cdcAcm();
        Map<String, Object> d = device("ttyACM0");
        assertThat(d).containsKeys("devname", "devpath", "subsystem", "major", "minor", "vendor", "product", "serial",
                "manufacturer", "model", "interface", "port", "driver", "links", "entry", "error");
        assertThat(d).containsEntry("subsystem", "tty").containsEntry("major", 166).containsEntry("minor", 0)
                .containsEntry("vendor", "0451").containsEntry("product", "16a8").containsEntry("interface", 0)
                .containsEntry("port", "1-1").containsEntry("driver", "cdc_acm").containsEntry("entry", null)
                .containsEntry("error", null);
        assertThat((String) d.get("devpath")).endsWith("/1-1/1-1:1.0/tty/ttyACM0");
    }

    @Test
    void ftdiAdapterHasTheUsbSerialPortLevel() throws IOException {
        host.sysfs.ftdi();
        Map<String, Object> d = device("ttyUSB0");
        assertThat(d).containsEntry("major", 188).containsEntry("vendor", "0403").containsEntry("product", "6001")
                .containsEntry("driver", "ftdi_sio");
        assertThat((String) d.get("devpath")).endsWith("/1-2:1.0/ttyUSB0/tty/ttyUSB0");
    }

    @Test
    void cp210xStick() throws IOException {
        host.sysfs.cp210x();
        assertThat(device("ttyUSB0")).containsEntry("vendor", "10c4").containsEntry("product", "ea60")
                .containsEntry("driver", "cp210x");
    }

    @Test
    void quadFtdiShowsFourInterfaces() throws IOException {
        host.sysfs.ftdiQuad();
        assertThat(listJson()).extracting(d -> d.get("interface")).containsExactly(0, 1, 2, 3);
    }

    @Test
    void identicalSticksDifferOnlyBySerialAndAStickWithoutSerialHasNull() throws IOException {
        host.sysfs.twoIdenticalSticks();
        assertThat(listJson()).extracting(d -> d.get("serial")).doesNotHaveDuplicates().doesNotContainNull();
        FakeHost other = new FakeHost(root.resolve("other"));
        other.sysfs.stickWithoutSerial();
        FakeHost.Run run = other.ctplug("list", "--json");
        assertThat(run.out()).contains("\"serial\": null");
    }

    @Test
    void builtinSerialPortHasNoUsbFields() throws IOException {
        host.sysfs.builtinTtyS0();
        assertThat(device("ttyS0")).containsEntry("major", 4).containsEntry("minor", 64).containsEntry("vendor", null)
                .containsEntry("port", null).containsEntry("interface", null);
    }

    @Test
    void hostileSerialIsEscapedInTableAndJson() throws IOException {
        String serial = "x\", RUN+=\"/bin/sh -c id\u0001";
        host.sysfs.usbSerial(UsbStick.FT232R.withSerial(serial));
        assertThat(device("ttyUSB0")).containsEntry("serial", serial);
        String table = host.ctplug("list").out();
        assertThat(table).doesNotContain("\u0001").contains("x\\\", RUN+=\\\"/bin/sh -c id\\x01");
    }

    @Test
    void anEntryMatchingTwoDevicesIsAmbiguousAndGetsNoRule() throws IOException {
        host.sysfs.twoIdenticalSticks();
        host.mapping("""
                version: 1
                backend: lxc
                %TOOLS%
                devices:
                  zwave:
                    match: {vendor: "0451", product: "16a8"}
                    link: ttyZwave
                    containers: [ha]
                """);
        List<Map<String, Object>> devices = listJson();
        assertThat(devices).allSatisfy(d -> {
            assertThat(d.get("entry")).isNull();
            assertThat((String) d.get("error")).contains("ambiguous", "zwave");
        });
        host.ctplug("apply");
        assertThat(java.nio.file.Files.readString(root.resolve("etc/udev/rules.d/70-ctplug.rules")))
                .doesNotContain("ttyZwave");
    }

    @Test
    void aDeviceMatchedByTwoEntriesIsAmbiguousForBoth() throws IOException {
        host.sysfs.cdcAcm();
        host.mapping("""
                version: 1
                backend: lxc
                %TOOLS%
                devices:
                  zigbee:
                    match: {vendor: "0451"}
                    link: ttyZigbee
                    containers: [ha]
                  other:
                    match: {kernel: "ttyACM*"}
                    link: ttyOther
                    containers: [ha]
                """);
        assertThat((String) device("ttyACM0").get("error")).contains("zigbee", "other");
        host.ctplug("apply");
        assertThat(java.nio.file.Files.readString(root.resolve("etc/udev/rules.d/70-ctplug.rules")))
                .doesNotContain("ttyZigbee").doesNotContain("ttyOther");
    }

    @Test
    void virtualTerminalsAreHiddenUnlessAskedForOrMapped() throws IOException {
        host.sysfs.builtinTtyS0().virtualTty("tty5", 4, 5);
        assertThat(listJson()).extracting(d -> d.get("devname")).containsExactly("ttyS0");
        assertThat(host.ctplug("list", "--all").out()).contains("tty5");
        host.mapping("version: 1\nbackend: lxc\n%TOOLS%\ndevices:\n  console:\n    match: {kernel: tty5}\n"
                + "    link: ttyConsole\n    containers: [ha]\n");
        assertThat(listJson()).extracting(d -> d.get("devname")).containsExactlyInAnyOrder("ttyS0", "tty5");
    }

    @Test
    void aMatchedDeviceNamesItsEntry() throws IOException {
        host.sysfs.cdcAcm();
        host.mapping("version: 1\nbackend: lxc\n%TOOLS%\ndevices:\n  zigbee:\n    match: {vendor: \"0451\"}\n"
                + "    link: ttyZigbee\n    containers: [ha]\n");
        assertThat(device("ttyACM0")).containsEntry("entry", "zigbee").containsEntry("error", null);
    }
}
