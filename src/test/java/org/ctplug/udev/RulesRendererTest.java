package org.ctplug.udev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.ctplug.mapping.ContainerRef;
import org.ctplug.mapping.MappingEntry;
import org.ctplug.mapping.Match;
import org.ctplug.mapping.OnPlug;
import org.junit.jupiter.api.Test;

class RulesRendererTest {
    static MappingEntry entry(Match match) {
        return new MappingEntry("zigbee", match, "ttyZigbee", 0660, "dialout", OnPlug.HOTPLUG,
                List.of(new ContainerRef("105", "/dev/ttyZigbee", 0, 0)), 7);
    }

    /** The entry's one rule: a tty entry's identity can only be a usb_device. */
    static String single(MappingEntry entry) {
        List<String> rules = RulesRenderer.rules(entry);
        assertThat(rules).hasSize(1);
        return rules.get(0);
    }

    @Test
    void allUsbDeviceKeysMatchOneParentAndTheInterfaceGoesThroughUsbId() {
        String rule = single(entry(new Match(Optional.of("0451"), Optional.of("16a8"),
                Optional.of("00124B0014D9A7C3"), Optional.of(1), Optional.of("1-1.2"), Optional.empty())));
        assertThat(rule).isEqualTo("SUBSYSTEM==\"tty\", KERNELS==\"1-1.2\", ATTRS{idVendor}==\"0451\", ATTRS{idProduct}==\"16a8\", "
                + "ATTRS{serial}==\"00124B0014D9A7C3\", ATTRS{maxchild}==\"0\", ENV{ID_USB_INTERFACE_NUM}==\"01\", "
                + "SYMLINK+=\"ttyZigbee\", MODE=\"0660\", GROUP=\"dialout\", ENV{CTPLUG_ENTRY}=\"zigbee\","
                + " ENV{CTPLUG_RULE}=\"zigbee:ttyZigbee:0660:dialout\"");
    }

    @Test
    void aKernelNameMatchNamesNoParentAndSoNeedsNoPin() {
        String rule = single(entry(new Match(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of("ttyS0"))));
        assertThat(rule).startsWith("SUBSYSTEM==\"tty\", KERNEL==\"ttyS0\", SYMLINK+=").doesNotContain("ATTRS");
    }

    @Test
    void theFileSkipsRemovesAndEachRuleNamesItsSubsystem() {
        String file = RulesRenderer.render(List.of(entry(new Match(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("ttyS0")))));
        assertThat(file).contains("ACTION==\"remove\", GOTO=\"ctplug_end\"", "SUBSYSTEM==\"tty\", KERNEL==\"ttyS0\"",
                "# zigbee (mapping line 7)", "KERNEL==\"ttyS0\"", "LABEL=\"ctplug_end\"");
    }

    @Test
    void aValueThatCouldAddARuleKeyIsRefusedEvenIfTheMappingLetItThrough() {
        for (String serial : List.of("x\", RUN+=\"/bin/sh", "a|b", "a*", "a\nb", "$kernel", "%k")) {
            assertThatThrownBy(() -> single(entry(new Match(Optional.of("0451"), Optional.empty(),
                    Optional.of(serial), Optional.empty(), Optional.empty(), Optional.empty()))))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theSameEntriesGiveTheSameTextAndOtherEntriesTheirOwn() {
        MappingEntry ttyS0 = entry(new Match(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of("ttyS0")));
        MappingEntry ttyS1 = entry(new Match(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of("ttyS1")));
        String first = RulesRenderer.render(List.of(ttyS0));

        assertThat(RulesRenderer.render(List.of(ttyS0))).isSameAs(first);
        // an equal entry made anew (a reloaded mapping) and another entry are rendered, not remembered
        assertThat(RulesRenderer.render(List.of(ttyS1))).contains("KERNEL==\"ttyS1\"").doesNotContain("ttyS0");
        assertThat(RulesRenderer.render(List.of(entry(ttyS0.match())))).isEqualTo(first);
        assertThat(RulesRenderer.render(List.of())).doesNotContain("KERNEL==");
    }

    @Test
    void modesAreFourOctalDigitsAndInterfacesTwoHexDigits() {
        String rule = single(entry(new Match(Optional.of("0451"), Optional.empty(), Optional.empty(), Optional.of(10),
                Optional.empty(), Optional.empty())));
        assertThat(rule).contains("MODE=\"0660\"").contains("ENV{ID_USB_INTERFACE_NUM}==\"0a\"");
    }
}
