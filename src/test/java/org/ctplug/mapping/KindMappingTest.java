package org.ctplug.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.ctplug.kind.DrmKind;
import org.ctplug.kind.MiscKind;
import org.ctplug.kind.UsbKind;
import org.junit.jupiter.api.Test;

/** The keys each kind takes under {@code match:}, and what an entry of another kind defaults to. */
class KindMappingTest {
    static String mapping(String entries) {
        return "version: 1\nbackend: lxc\ndevices:\n" + entries;
    }

    static List<String> problems(String text) {
        return Yamls.problems(text, BackendKind.LXC);
    }

    @Test
    void theIssuesExampleReadsWithEveryKind() throws Exception {
        Mapping m = Yamls.lxc(mapping("""
                  coral:
                    match:
                      subsystem: usb
                      ids: ["1a6e:089a", "18d1:9302"]
                    containers: [{id: ct110}]
                  igpu-render:
                    match: {subsystem: drm, vendor: "8086", kernel: "renderD*"}
                    containers: [{id: ct111, gid: 104}]
                  igpu-card:
                    match: {subsystem: drm, vendor: "8086", kernel: "card*"}
                    containers: [{id: ct111, gid: 44}]
                  tun:
                    match: {subsystem: misc, kernel: tun}
                    containers: [ct112]
                """));

        MappingEntry coral = m.entries().get(0);
        assertThat(coral.match().kind()).isEqualTo(UsbKind.USB);
        assertThat(coral.match().ids()).containsExactly("1a6e:089a", "18d1:9302");
        assertThat(coral.link()).isEmpty();
        assertThat(coral.group()).as("udev's own group for raw USB").isEmpty();
        assertThat(coral.containers()).containsExactly(new ContainerRef("ct110", Optional.empty(), 0, 0));
        assertThat(m.entries().get(1).match().kind()).isEqualTo(DrmKind.DRM);
        assertThat(m.entries().get(1).group()).contains("render");
        assertThat(m.entries().get(2).containers().get(0).gid()).isEqualTo(44);
        assertThat(m.entries().get(2).group()).as("udev's group of card nodes").contains("video");
        assertThat(m.entries().get(3).match().kind()).isEqualTo(MiscKind.MISC);
        assertThat(m.entries().get(3).containers().get(0).pathFor("net/tun")).isEqualTo("/dev/net/tun");
    }

    @Test
    void aKeyThatDoesNotApplyToTheKindIsAnErrorAtItsKey() {
        assertThat(problems(mapping("""
                  tun:
                    match: {subsystem: misc, kernel: tun, vendor: "8086"}
                    containers: [ct112]
                """))).containsExactly("devices.yaml:5:43: devices.tun.match.vendor: does not apply to subsystem misc"
                + " (it takes kernel)");
        assertThat(problems(mapping("""
                  coral:
                    match: {subsystem: usb, kernel: "2-1"}
                    containers: [ct110]
                """))).singleElement().asString().startsWith("devices.yaml:5:29: devices.coral.match.kernel: does not"
                + " apply to subsystem usb (it takes vendor, product, ids, serial, port)");
        assertThat(problems(mapping("""
                  gpu:
                    match: {subsystem: drm, serial: "X"}
                    containers: [ct110]
                """))).singleElement().asString().contains("devices.gpu.match.serial: does not apply to subsystem drm");
    }

    @Test
    void anUnknownSubsystemIsNamedWithASuggestion() {
        assertThat(problems(mapping("""
                  cam:
                    match: {subsystem: video, kernel: video0}
                    containers: [ct110]
                """))).containsExactly("devices.yaml:5:24: devices.cam.match.subsystem: \"video\" is not a subsystem"
                + " ctplug handles (did you mean \"video4linux\"?)");
    }

    @Test
    void idsArePairsWrittenOnceAndNotBesideVendor() {
        assertThat(problems(mapping("""
                  coral:
                    match: {subsystem: usb, ids: ["1a6e-089a"]}
                    containers: [ct110]
                """))).singleElement().asString().contains("devices.coral.match.ids[0]: \"1a6e-089a\" is not a"
                + " vendor:product pair");
        assertThat(problems(mapping("""
                  coral:
                    match: {subsystem: usb, ids: ["1a6e:089a", "1A6E:089A"]}
                    containers: [ct110]
                """))).singleElement().asString().contains("1a6e:089a is listed twice");
        assertThat(problems(mapping("""
                  coral:
                    match: {subsystem: usb, vendor: "1a6e", ids: ["1a6e:089a"]}
                    containers: [ct110]
                """))).singleElement().asString().contains("give ids or vendor/product, not both");
    }

    @Test
    void aSlotIsAPciAddressAndGetsItsDomain() throws Exception {
        Mapping m = Yamls.lxc(mapping("""
                  gpu:
                    match: {subsystem: drm, slot: "00:02.0", kernel: "renderD*"}
                    containers: [ct111]
                """));
        assertThat(m.entries().get(0).match().slot()).contains("0000:00:02.0");
        assertThat(problems(mapping("""
                  gpu:
                    match: {subsystem: drm, slot: "2.0"}
                    containers: [ct111]
                """))).singleElement().asString().contains("is not a PCI slot");
    }

    @Test
    void aTtyStillNeedsItsLinkAndOtherKindsDoNot() throws Exception {
        assertThat(problems(mapping("""
                  zigbee:
                    match: {vendor: "0451"}
                    containers: [ct110]
                """))).singleElement().asString().contains("devices.zigbee: missing \"link\"");
        assertThat(Yamls.lxc(mapping("""
                  disk:
                    match: {subsystem: block, kernel: "zram1"}
                    containers: [ct110]
                """)).entries()).singleElement().satisfies(e -> assertThat(e.link()).isEmpty());
    }

    @Test
    void twoEntriesWithoutALinkClaimNoPathUntilTheirDevicesAreSeen() throws Exception {
        Mapping m = Yamls.lxc(mapping("""
                  card:
                    match: {subsystem: drm, kernel: "card*"}
                    containers: [ct111]
                  render:
                    match: {subsystem: drm, kernel: "renderD*"}
                    containers: [ct111]
                """));
        assertThat(m.entries()).extracting(e -> e.containers().get(0).path()).containsExactly(Optional.empty(),
                Optional.empty());
        assertThat(m.entries()).extracting(MappingEntry::name).isEqualTo(List.of("card", "render"));
    }

    @Test
    void defaultsGroupIsTheGroupOfTtysOnlyAndNeverGivesADiskToDialout() throws Exception {
        Mapping m = Yamls.lxc("version: 1\nbackend: lxc\ndefaults: {group: dialout}\ndevices:\n" + """
                  zigbee:
                    match: {vendor: "0451"}
                    link: ttyZigbee
                    containers: [ct]
                  swap:
                    match: {subsystem: block, kernel: zram1}
                    containers: [ct]
                  disk:
                    match: {subsystem: block, kernel: zram2}
                    group: "6"
                    containers: [ct]
                """);
        assertThat(m.entries()).extracting(e -> e.group().orElse("-")).containsExactly("dialout", "disk", "6");
    }

    @Test
    void aSlotAndAUsbKeyCanNeverBothHold() {
        assertThat(problems(mapping("""
                  cam:
                    match: {subsystem: video4linux, slot: "0000:03:00.0", serial: "X1"}
                    containers: [ct]
                """))).singleElement().asString().contains("devices.cam.match: serial names a USB device and slot a"
                + " PCI function");
    }
}
