package org.ctplug.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ctplug.mapping.BackendKind;
import org.ctplug.mapping.MappingLoader;
import org.ctplug.testing.FakeHost;
import org.ctplug.testing.UdevRuleSemantics;
import org.ctplug.testing.UsbStick;
import org.ctplug.udev.RulesRenderer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * udev's KERNELS== and ATTRS{}== match any device above a tty, while a device's identity is its
 * nearest usb_device: the rendered rule must link exactly the ttys {@code list} gives the entry,
 * also where a hub sits in the mapped port or carries the mapped serial.
 */
class RuleAndListAgreeTest {
    @TempDir
    Path root;
    FakeHost host;

    @BeforeEach
    void setUp() throws IOException {
        host = new FakeHost(root);
    }

    @Test
    void aHubInTheMappedPortGivesItsSticksToNoEntry() throws Exception {
        host.sysfs.hub("1-1.2", "05e3", "0610", null)
                .usbSerial(UsbStick.FT232R.at("1-1.2.1"))
                .usbSerial(UsbStick.CH340.at("1-1.2.3").withFirstMinor(1));
        Map<String, List<String>> matched = agree("""
                  hub-port:
                    match: {port: "1-1.2"}
                    link: ttyHubPort
                    containers: [ha]
                  behind-hub:
                    match: {port: "1-1.2.3"}
                    link: ttyBehindHub
                    containers: [ha]
                """);
        assertThat(matched).containsExactly(Map.entry("ttyUSB1", List.of("behind-hub")));
    }

    @Test
    void aSerialOrVendorThatOnlyAHubAboveCarriesMatchesNothing() throws Exception {
        host.sysfs.hub("1-3", "0424", "2514", "HUB0042")
                .usbSerial(UsbStick.CH340.at("1-3.1"))
                .usbSerial(UsbStick.FT232R.at("1-3.2").withFirstMinor(1));
        Map<String, List<String>> matched = agree("""
                  hub-serial:
                    match: {serial: "HUB0042"}
                    link: ttyHubSerial
                    containers: [ha]
                  hub-vendor:
                    match: {vendor: "0424", product: "2514"}
                    link: ttyHubVendor
                    containers: [ha]
                  ftdi:
                    match: {vendor: "0403", serial: "A50285BI"}
                    link: ttyFtdi
                    containers: [ha]
                """);
        assertThat(matched).containsExactly(Map.entry("ttyUSB1", List.of("ftdi")));
    }

    @Test
    void aStickInTheMappedPortWithOneTtyPerInterfaceKeepsItsInterfaceMatch() throws Exception {
        host.sysfs.hub("1-4", "05e3", "0610", null).usbSerial(UsbStick.FT4232H.at("1-4.1"));
        Map<String, List<String>> matched = agree("""
                  rs485:
                    match: {port: "1-4.1", interface: 2}
                    link: ttyRs485
                    containers: [ha]
                """);
        assertThat(matched).containsExactly(Map.entry("ttyUSB2", List.of("rs485")));
    }

    /** The ttys each entry gets from `list` and from the rendered rules, asserted equal. */
    @SuppressWarnings("unchecked")
    private Map<String, List<String>> agree(String entries) throws Exception {
        Path file = host.mapping("version: 1\nbackend: lxc\n%TOOLS%\ndevices:\n" + entries);
        String rules = RulesRenderer.render(MappingLoader.load(file, BackendKind.LXC).entries());
        FakeHost.Run run = host.ctplug("list", "--json");
        assertThat(run.exit()).as(run.err()).isEqualTo(0);
        Map<String, List<String>> listed = new TreeMap<>();
        for (Map<String, Object> d : (List<Map<String, Object>>) new Yaml().load(run.out())) {
            assertThat(d.get("error")).as("%s", d).isNull();
            if (d.get("entry") != null) {
                listed.put((String) d.get("devname"), List.of((String) d.get("entry")));
            }
        }
        assertThat(UdevRuleSemantics.matches(rules, root)).as(rules).isEqualTo(listed);
        return listed;
    }
}
