package org.ctplug.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.ScalarNode;

class MappingAppenderTest {
    private static final NewEntry STICK = new NewEntry("stick", Optional.of("10c4"), Optional.of("ea60"),
            Optional.of("0001"), Optional.empty(), Optional.empty(), Optional.empty(), "ttyStick", "105");

    private static final String STICK_TEXT = """
              stick:
                match:
                  vendor: "10c4"
                  product: "ea60"
                  serial: "0001"
                link: "ttyStick"
                containers:
                  - "105"
            """;

    private static String append(String original, NewEntry entry) {
        return MappingAppender.append(original, Yamls.FILE, entry);
    }

    @Test
    void appendsAfterTheLastEntryKeepingEveryCommentAndTheKeysThatFollow() throws Exception {
        String head = """
                # my sticks
                version: 1   # always 1
                devices:
                  # the coordinator
                  zigbee:
                    match: {vendor: "0451", product: "16c8"}  # CC2531
                    link: ttyZigbee
                    containers:
                      - 101
                      # - 102   (later)

                """;
        String tail = """
                # daemon settings follow
                daemon:
                  lock_timeout: 5s
                """;

        String result = append(head + tail, STICK);

        assertThat(result).isEqualTo(head.replace("      # - 102   (later)\n",
                "      # - 102   (later)\n" + STICK_TEXT) + tail);
        Mapping m = Yamls.proxmox(result);
        assertThat(m.entries()).extracting(MappingEntry::name).containsExactly("zigbee", "stick");
        assertThat(m.entries().get(1).match()).isEqualTo(new Match(Optional.of("10c4"), Optional.of("ea60"),
                Optional.of("0001"), Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(m.daemon().lockTimeout()).hasSeconds(5);
    }

    @Test
    void indentsLikeTheExistingEntries() throws Exception {
        String original = "version: 1\ndevices:\n    zigbee:\n        match: {kernel: ttyS0}\n"
                + "        link: ttyZigbee\n        containers: [101]\n";

        String result = append(original, STICK);

        assertThat(result).isEqualTo(original + STICK_TEXT.indent(2));
        assertThat(Yamls.proxmox(result).entries()).hasSize(2);
    }

    @Test
    void replacesAnEmptyFlowMapByABlock() throws Exception {
        String original = "version: 1\ndevices: {}   # none yet\n# trailing note\n";

        String result = append(original, STICK);

        assertThat(result).isEqualTo("version: 1\ndevices:    # none yet\n" + STICK_TEXT + "# trailing note\n");
        assertThat(Yamls.proxmox(result).entries()).extracting(MappingEntry::name).containsExactly("stick");
    }

    @Test
    void fillsABareDevicesKey() throws Exception {
        String original = "version: 1\ndevices:\nbackend: proxmox\n";

        String result = append(original, STICK);

        assertThat(result).isEqualTo("version: 1\ndevices:\n" + STICK_TEXT + "backend: proxmox\n");
        assertThat(Yamls.lxc(result).backend()).isEqualTo(BackendKind.PROXMOX);
    }

    @Test
    void fillsADevicesKeyAtTheEndOfAFileWithoutFinalNewline() throws Exception {
        String result = append("version: 1\ndevices: ~", STICK);

        assertThat(result).isEqualTo("version: 1\ndevices:\n" + STICK_TEXT);
        assertThat(Yamls.proxmox(result).entries()).hasSize(1);
    }

    @Test
    void addsADevicesSectionToAFileWithoutOne() throws Exception {
        String original = "version: 1\ndefaults:\n  group: dialout\n# end";

        String result = append(original, STICK);

        assertThat(result).isEqualTo(original + "\ndevices:\n" + STICK_TEXT);
        assertThat(Yamls.proxmox(result).entries()).hasSize(1);
    }

    @Test
    void startsAnEmptyFile() throws Exception {
        String result = append("# nothing yet\n", STICK);

        assertThat(result).isEqualTo("# nothing yet\nversion: 1\ndevices:\n" + STICK_TEXT);
        assertThat(Yamls.proxmox(result).entries()).hasSize(1);
    }

    @Test
    void keepsWindowsLineEnds() throws Exception {
        String original = "version: 1\r\ndevices:\r\n  a:\r\n    match: {kernel: ttyS0}\r\n    link: ttyA\r\n"
                + "    containers: [101]\r\n";

        String result = append(original, STICK);

        assertThat(result).isEqualTo(original + STICK_TEXT.replace("\n", "\r\n"));
        assertThat(Yamls.proxmox(result).entries()).hasSize(2);
    }

    @Test
    void writesEveryMatchKeyThatWasSeen() throws Exception {
        NewEntry full = new NewEntry("full", Optional.of("0403"), Optional.of("6001"), Optional.of("A9X"),
                Optional.of("1-1.2"), Optional.of("ttyUSB0"), Optional.of(1), "ttyFull", "zigbee2mqtt");

        Mapping m = Yamls.lxc(append("version: 1\ndevices: {}\n", full));

        assertThat(m.entries().get(0)).isEqualTo(new MappingEntry("full", new Match(Optional.of("0403"),
                Optional.of("6001"), Optional.of("A9X"), Optional.of(1), Optional.of("1-1.2"), Optional.of("ttyUSB0")),
                "ttyFull", 0660, "dialout", OnPlug.HOTPLUG,
                java.util.List.of(new ContainerRef("zigbee2mqtt", "/dev/ttyFull", 0, 0)), 3));
    }

    @Test
    void refusesANameThatIsAlreadyThere() {
        String original = "version: 1\ndevices:\n  stick:\n    match: {kernel: ttyS0}\n    link: ttyA\n"
                + "    containers: [101]\n";

        assertThatThrownBy(() -> append(original, STICK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("devices.yaml already has an entry \"stick\"");
    }

    @Test
    void refusesAnInvalidName() {
        NewEntry bad = new NewEntry("Bad Name", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("ttyS0"), Optional.empty(), "ttyA", "101");

        assertThatThrownBy(() -> append("version: 1\n", bad)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesADevicesMapWrittenInFlowStyle() {
        assertThatThrownBy(() -> append("version: 1\ndevices: {a: {link: x}}\n", STICK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a block map");
    }

    @Test
    void refusesAFileThatIsNotYaml() {
        assertThatThrownBy(() -> append("version: 1\ndevices: [\n", STICK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not readable YAML");
    }

    @Test
    void quotesAndEscapesEveryValue() {
        String nasty = "a\"b\\c\nd\u0007e\u202ef";

        String quoted = MappingAppender.quote(nasty);

        assertThat(quoted).isEqualTo("\"a\\\"b\\\\c\\u000ad\\u0007e\\u202ef\"");
        ScalarNode read = (ScalarNode) ((MappingNode) YamlDocument.yaml().compose(new java.io.StringReader(
                "k: " + quoted))).getValue().get(0).getValueNode();
        assertThat(read.getValue()).isEqualTo(nasty);
    }

    @Test
    void aValueThatNeedsEscapesStaysOneYamlValue() {
        NewEntry odd = new NewEntry("odd", Optional.empty(), Optional.empty(), Optional.of("x\"\n  evil: 1"),
                Optional.empty(), Optional.empty(), Optional.empty(), "ttyOdd", "101");

        String result = append("version: 1\ndevices: {}\n", odd);

        // the loader refuses the serial, but nothing leaked out of it into the structure
        assertThat(Yamls.problems(result)).containsExactly(
                "devices.yaml:5:15: devices.odd.match.serial: contains a line break");
    }

    @Test
    void theShippedExampleTakesALearnedEntry() throws Exception {
        String example = Yamls.resource("org/ctplug/mapping/devices.example.yaml");

        String result = append(example, STICK);

        Mapping m = Yamls.proxmox(result);
        assertThat(m.entries()).extracting(MappingEntry::name).containsExactly("stick");
        // the only change: "{}" gave way to the entry; every comment and blank line is as it was
        assertThat(result).contains("devices:\n" + STICK_TEXT);
        assertThat(result.replace("devices:\n" + STICK_TEXT, "devices: {}\n")).isEqualTo(example);
    }
}
