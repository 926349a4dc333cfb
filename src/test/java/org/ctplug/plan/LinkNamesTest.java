package org.ctplug.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which udev link names a container may get: they come from device strings, so they are untrusted. */
class LinkNamesTest {
    static final java.util.Optional<String> OWN = java.util.Optional.of("ttyZigbee");

    @Test
    void aPlainNameDirectlyInEachStandardTreeIsMade() {
        for (String tree : LinkNames.TREES) {
            assertThat(LinkNames.refusal("/dev/" + tree + "/usb-ctplug_Test_0001-if00-port0", OWN)).as(tree).isEmpty();
        }
        assertThat(LinkNames.refusal("/dev/serial/by-path/pci-0000:00:14.0-usb-0:1.2:1.0-port0", OWN)).isEmpty();
        assertThat(LinkNames.refusal("/dev/disk/by-id/wwn-0x5000c500a1b2c3d4+part1@x", OWN)).isEmpty();
    }

    @Test
    void theEntrysOwnLinkIsMadeAndNoOtherNameDirectlyInDev() {
        assertThat(LinkNames.refusal("/dev/ttyZigbee", OWN)).isEmpty();
        assertThat(LinkNames.refusal("/dev/ttyOther", OWN)).hasValueSatisfying(r -> assertThat(r)
                .startsWith("it is not a name directly in one of serial/by-id, serial/by-path"));
    }

    @Test
    void aDotDotComponentIsRefused() {
        assertThat(LinkNames.refusal("/dev/../x", OWN)).hasValue("it has a \"..\" component");
        assertThat(LinkNames.refusal("/dev/serial/by-id/..", OWN)).hasValue("it has a \"..\" component");
        assertThat(LinkNames.refusal("/dev/serial/./by-id", OWN)).hasValue("it has a \".\" component");
        assertThat(LinkNames.refusal("/dev/serial//by-id", OWN)).hasValue("it has an empty component");
    }

    @Test
    void aControlCharacterIsRefusedAndNamed() {
        assertThat(LinkNames.refusal("/dev/serial/by-id/usb-\u0001evil", OWN))
                .hasValue("it holds U+0001 (only letters, digits and . _ : + @ - are made)");
        assertThat(LinkNames.refusal("/dev/serial/by-id/usb-a\nb", OWN)).hasValueSatisfying(r -> assertThat(r)
                .startsWith("it holds U+000A"));
        assertThat(LinkNames.refusal("/dev/serial/by-id/usb a", OWN)).hasValueSatisfying(r -> assertThat(r)
                .startsWith("it holds a space"));
        assertThat(LinkNames.refusal("/dev/serial/by-id/usb-\\x20", OWN)).hasValueSatisfying(r -> assertThat(r)
                .startsWith("it holds '\\'"));
        assertThat(LinkNames.refusal("/dev/serial/by-id/usb-\u00e9", OWN)).hasValueSatisfying(r -> assertThat(r)
                .startsWith("it holds U+00E9"));
    }

    @Test
    void aComponentOfMoreThan255BytesIsRefused() {
        assertThat(LinkNames.refusal("/dev/serial/by-id/" + "a".repeat(255), OWN)).isEmpty();
        assertThat(LinkNames.refusal("/dev/serial/by-id/" + "a".repeat(256), OWN))
                .hasValue("it has a component of 256 bytes (at most 255)");
    }

    @Test
    void aNameOutsideTheStandardTreesIsRefused() {
        assertThat(LinkNames.refusal("/dev/foo/bar", OWN)).hasValueSatisfying(r -> assertThat(r)
                .startsWith("it is not a name directly in one of"));
        assertThat(LinkNames.refusal("/dev/serial/by-id/a/b", OWN)).isPresent();
        assertThat(LinkNames.refusal("/dev/serial/by-id", OWN)).isPresent();
        assertThat(LinkNames.refusal("/dev/snd/by-id/x", OWN)).isPresent();
        assertThat(LinkNames.refusal("/etc/serial/by-id/x", OWN)).hasValue("it is not below /dev");
    }

    @Test
    void aTargetIsRelativeToTheLinksDirectory() {
        assertThat(LinkNames.target("/dev/serial/by-id/x", "/dev/ttyZigbee")).isEqualTo("../../ttyZigbee");
        assertThat(LinkNames.target("/dev/ttyZigbee", "/dev/ttyACM0")).isEqualTo("ttyACM0");
        assertThat(LinkNames.target("/dev/serial/by-id/x", "/dev/serial/zigbee")).isEqualTo("../zigbee");
        assertThat(LinkNames.target("/dev/serial/by-id/x", "/dev/serial/by-id/y")).isEqualTo("y");
        assertThat(LinkNames.target("/dev/ttyZigbee", "/dev/serial/zigbee")).isEqualTo("serial/zigbee");
    }

    @Test
    void theObservedDirectoriesComeParentsFirst() {
        assertThat(LinkNames.observedDirs()).startsWith("/dev/serial", "/dev/v4l", "/dev/input", "/dev/disk",
                "/dev/dri").contains("/dev/serial/by-id", "/dev/dri/by-path").hasSize(14);
        assertThat(LinkNames.dirsAbove("/dev/serial/by-id/x")).containsExactly("/dev/serial", "/dev/serial/by-id");
        assertThat(LinkNames.dirsAbove("/dev/ttyZigbee")).isEmpty();
    }
}
