package org.ctplug.udev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.ctplug.mapping.BackendKind;
import org.ctplug.mapping.MappingEntry;
import org.ctplug.mapping.MappingLoader;
import org.junit.jupiter.api.Test;

/** The rule of each kind selects its subsystem and names the identity on the bus the kind's nodes sit on. */
class KindRulesTest {
    static List<String> rules(String match) throws Exception {
        MappingEntry e = MappingLoader.parse("version: 1\nbackend: lxc\ndevices:\n  e:\n    match: " + match
                + "\n    containers: [ct]\n", Path.of("devices.yaml"), BackendKind.LXC).entries().get(0);
        return RulesRenderer.rules(e);
    }

    @Test
    void aRawUsbDeviceIsMatchedOnItsOwnAttributesOnceForEachPair() throws Exception {
        assertThat(rules("{subsystem: usb, ids: [\"1a6e:089a\", \"18d1:9302\"]}")).containsExactly(
                "SUBSYSTEM==\"usb\", ENV{DEVTYPE}==\"usb_device\", ATTR{idVendor}==\"1a6e\", ATTR{idProduct}==\"089a\","
                        + " MODE=\"0660\", ENV{CTPLUG_ENTRY}=\"e\", ENV{CTPLUG_RULE}=\"e::0660:\"",
                "SUBSYSTEM==\"usb\", ENV{DEVTYPE}==\"usb_device\", ATTR{idVendor}==\"18d1\", ATTR{idProduct}==\"9302\","
                        + " MODE=\"0660\", ENV{CTPLUG_ENTRY}=\"e\", ENV{CTPLUG_RULE}=\"e::0660:\"");
    }

    @Test
    void aGpuIsMatchedOnItsPciFunctionNeverOnABridgeAboveIt() throws Exception {
        assertThat(rules("{subsystem: drm, vendor: \"8086\", kernel: \"renderD*\"}")).containsExactly(
                "SUBSYSTEM==\"drm\", SUBSYSTEMS==\"usb\", GOTO=\"ctplug_e_0_end\"",
                "SUBSYSTEM==\"drm\", KERNEL==\"renderD*\", ATTRS{vendor}==\"0x8086\", ATTRS{class}==\"0x0[!6]*|0x[!0]*\","
                        + " MODE=\"0660\", GROUP=\"render\", ENV{CTPLUG_ENTRY}=\"e\","
                        + " ENV{CTPLUG_RULE}=\"e::0660:render\"",
                "LABEL=\"ctplug_e_0_end\"");
    }

    @Test
    void aWebcamVendorMayBeUsbOrPciAndGetsARuleForEach() throws Exception {
        assertThat(rules("{subsystem: video4linux, vendor: \"046d\"}")).filteredOn(r -> r.contains("MODE="))
                .hasSize(2)
                .anySatisfy(r -> assertThat(r).contains("ATTRS{idVendor}==\"046d\"", "ATTRS{maxchild}==\"0\""))
                .anySatisfy(r -> assertThat(r).contains("ATTRS{vendor}==\"0x046d\""))
                .allSatisfy(r -> assertThat(r).startsWith("SUBSYSTEM==\"video4linux\"").contains("GROUP=\"video\""));
        assertThat(rules("{subsystem: video4linux, vendor: \"046d\", serial: \"X1\"}")).singleElement().asString()
                .contains("ATTRS{serial}==\"X1\"").doesNotContain("0x046d");
    }

    @Test
    void inputRulesSelectEventNodesAndTunNeedsNoIdentity() throws Exception {
        assertThat(rules("{subsystem: input, vendor: \"046d\"}")).singleElement().asString()
                .startsWith("SUBSYSTEM==\"input\", KERNEL==\"event*\", ATTRS{idVendor}==\"046d\"")
                .contains("GROUP=\"input\"");
        assertThat(rules("{subsystem: misc, kernel: tun}")).containsExactly(
                "SUBSYSTEM==\"misc\", KERNEL==\"tun\", MODE=\"0660\", ENV{CTPLUG_ENTRY}=\"e\", ENV{CTPLUG_RULE}=\"e::0660:\"");
        assertThat(rules("{subsystem: block, kernel: \"zram1\"}")).singleElement().asString()
                .contains("GROUP=\"disk\"");
        // a USB webcam on an Intel host controller: the PCI rule is skipped for it
        assertThat(rules("{subsystem: video4linux, vendor: \"8086\"}")).contains(
                "SUBSYSTEM==\"video4linux\", SUBSYSTEMS==\"usb\", GOTO=\"ctplug_e_1_end\"", "LABEL=\"ctplug_e_1_end\"");
    }

    @Test
    void anInterfaceMatchOfAKindUdevDoesNotRunUsbIdForImportsItFirst() throws Exception {
        assertThat(rules("{subsystem: hidraw, vendor: \"0764\", interface: 1}")).containsExactly(
                "SUBSYSTEM==\"hidraw\", SUBSYSTEMS==\"usb\", ENV{ID_USB_INTERFACE_NUM}==\"\", IMPORT{builtin}=\"usb_id\"",
                "SUBSYSTEM==\"hidraw\", ATTRS{idVendor}==\"0764\", ATTRS{maxchild}==\"0\", ENV{ID_USB_INTERFACE_NUM}==\"01\","
                        + " MODE=\"0660\", ENV{CTPLUG_ENTRY}=\"e\", ENV{CTPLUG_RULE}=\"e::0660:\"");
        List<String> tty = RulesRenderer.rules(MappingLoader.parse("version: 1\nbackend: lxc\ndevices:\n  e:\n"
                + "    match: {vendor: \"0451\", interface: 1}\n    link: ttyE\n    containers: [ct]\n",
                Path.of("devices.yaml"), BackendKind.LXC).entries().get(0));
        assertThat(tty).as("60-serial.rules imports it for ttys").hasSize(1);
    }
}
