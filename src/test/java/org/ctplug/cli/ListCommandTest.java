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
        // the sticks' usb_devices (and the hubs they sit in) are listed too, as raw USB devices
        FakeHost.Run run = host.ctplug("list", "--json", "--subsystem", "tty");
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
        FakeHost.Run run = other.ctplug("list", "--json", "--subsystem", "tty");
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

    @SuppressWarnings("unchecked")
    @Test
    void everyFixtureKindIsListedWithItsFieldsAndANodelessConnectorIsNot() throws IOException {
        host.sysfs.nextDevnum("2", 2).rawUsb("2-1", "1a6e", "089a", null, "Coral")
                .hidraw("1-3", "0764", "0501", "CPS1234", 0, 241).webcam("1-4", "046d", "0825", 0)
                .gpu("0000:00:02.0", "8086", "3e92").keyboard("1-5", "046d", "c31c", 3);
        host.sysfs.udev("renderD128", "dri/by-path/pci-0000:00:02.0-render");
        for (String name : List.of("2-1", "hidraw0", "video0", "video1", "card0", "event3")) {
            host.sysfs.udev(name);
        }
        FakeHost.Run run = host.ctplug("list", "--json");
        assertThat(run.exit()).as(run.err()).isEqualTo(0);
        List<Map<String, Object>> all = (List<Map<String, Object>>) new Yaml().load(run.out());

        Map<String, Map<String, Object>> byName = new java.util.HashMap<>();
        all.forEach(d -> byName.put((String) d.get("devname"), d));
        assertThat(byName.get("bus/usb/002/002")).containsEntry("subsystem", "usb").containsEntry("vendor", "1a6e")
                .containsEntry("product", "089a").containsEntry("driver", "usb").containsEntry("major", 189)
                .containsEntry("minor", 129);
        assertThat(byName.get("hidraw0")).containsEntry("subsystem", "hidraw").containsEntry("vendor", "0764")
                .containsEntry("serial", "CPS1234").containsEntry("driver", "hid-generic");
        assertThat(byName.get("video0")).containsEntry("subsystem", "video4linux").containsEntry("driver", "uvcvideo");
        assertThat(byName.get("video1")).containsEntry("subsystem", "video4linux");
        assertThat(byName.get("dri/card0")).containsEntry("subsystem", "drm").containsEntry("vendor", "8086")
                .containsEntry("product", "3e92").containsEntry("driver", "i915").containsEntry("port", null);
        assertThat(byName.get("dri/renderD128")).containsEntry("links",
                List.of("/dev/dri/by-path/pci-0000:00:02.0-render"));
        assertThat(byName.get("input/event3")).containsEntry("subsystem", "input").containsEntry("vendor", "046d");
        assertThat(all).extracting(d -> (String) d.get("devname")).noneMatch(n -> n.contains("HDMI"))
                .noneMatch(n -> n.startsWith("input/input")).noneMatch(n -> n.contains(":1."));

        FakeHost.Run drm = host.ctplug("list", "--json", "--subsystem", "drm");
        assertThat(((List<Map<String, Object>>) new Yaml().load(drm.out()))).extracting(d -> d.get("devname"))
                .containsExactly("dri/card0", "dri/renderD128");
        assertThat(host.ctplug("list", "--subsystem", "gpu").exit()).isEqualTo(2);
    }
}
