package org.ctplug.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ctplug.mapping.Yamls.entry;
import static org.ctplug.mapping.Yamls.problems;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each invalid input is reported as FILE:LINE:COL: message, naming the key. */
class MappingValidationTest {
    /** A valid entry body, so that a test can break exactly one thing. */
    private static final String OK = "match: {vendor: \"0451\"}\nlink: ttyX\ncontainers: [100]\n";

    @Nested
    class Structure {
        @Test
        void versionIsRequired() {
            assertThat(problems("devices: {}\n"))
                    .containsExactly("devices.yaml:1:1: version: missing: the first line should be \"version: 1\"");
        }

        @Test
        void onlyVersionOneIsRead() {
            assertThat(problems("version: 2\n"))
                    .containsExactly("devices.yaml:1:10: version: unsupported version \"2\" (this ctplug reads version 1)");
            assertThat(problems("version: 1.0\n"))
                    .containsExactly("devices.yaml:1:10: version: unsupported version \"1.0\" (this ctplug reads version 1)");
        }

        @Test
        void anEmptyFileIsNoMapping() {
            assertThat(problems("")).containsExactly(
                    "devices.yaml:1:1: the file is empty: it needs at least \"version: 1\"");
            assertThat(problems("# only a comment\n")).containsExactly(
                    "devices.yaml:1:1: the file is empty: it needs at least \"version: 1\"");
        }

        @Test
        void unknownTopLevelKeySuggestsTheClosestKnownOne() {
            assertThat(problems("version: 1\ndevice: {}\n"))
                    .containsExactly("devices.yaml:2:1: device: unknown key (did you mean \"devices\"?)");
        }

        @Test
        void unknownMatchKeySuggestsTheKeyItStartsWith() {
            assertThat(problems(entry("match:\n  vendorid: \"0451\"\n  serial: abc\nlink: ttyX\ncontainers: [100]")))
                    .containsExactly("devices.yaml:5:7: devices.e.match.vendorid: unknown key (did you mean \"vendor\"?)");
        }

        @Test
        void misspeltEntryKeySuggestsTheKeyWithinTwoEdits() {
            assertThat(problems(entry("match: {vendor: \"0451\"}\nlink: ttyX\ncontainter: [100]"))).containsExactly(
                    "devices.yaml:3:3: devices.e: missing \"containers\" (where the device goes)",
                    "devices.yaml:6:5: devices.e.containter: unknown key (did you mean \"containers\"?)");
        }

        @Test
        void unknownKeyFarFromAnyListsTheKnownOnes() {
            assertThat(problems(entry(OK + "xyz: 1"))).containsExactly("devices.yaml:7:5: devices.e.xyz: unknown key"
                    + " (expected one of: match, link, mode, group, on_plug, containers)");
        }

        @Test
        void unknownKeysAreFoundInEverySection() {
            assertThat(problems("version: 1\ndefaults: {modes: 1}\ntools: {lxc_info: /x}\ndaemon: {restart: 1}\n"))
                    .containsExactly(
                            "devices.yaml:2:12: defaults.modes: unknown key (did you mean \"mode\"?)",
                            "devices.yaml:3:9: tools.lxc_info: unknown key (did you mean \"lxc-info\"?)",
                            "devices.yaml:4:10: daemon.restart: unknown key (did you mean \"restart_interval\"?)");
        }

        @Test
        void aListWhereAMapBelongsIsReported() {
            assertThat(problems("version: 1\ndevices:\n  - zigbee\n"))
                    .containsExactly("devices.yaml:3:3: devices: expected a map (key: value lines), found a list");
            assertThat(problems("- version\n"))
                    .containsExactly("devices.yaml:1:1: the file: expected a map (key: value lines), found a list");
        }

        @Test
        void aMapWhereAValueBelongsIsReported() {
            assertThat(problems(entry("match: {vendor: {a: b}}\nlink: ttyX\ncontainers: [100]"))).containsExactly(
                    "devices.yaml:4:21: devices.e.match.vendor: expected a single value, found a map");
        }

        @Test
        void aMapWhereAListBelongsIsReported() {
            assertThat(problems(entry("match: {vendor: \"0451\"}\nlink: ttyX\ncontainers: {id: 100}"))).containsExactly(
                    "devices.yaml:6:17: devices.e.containers: expected a list (\"- item\" lines), found a map");
        }

        @Test
        void keysMustBeNames() {
            assertThat(problems("version: 1\n? [a]\n: b\n"))
                    .containsExactly("devices.yaml:2:3: the file: keys must be plain names, found a list");
        }

        @Test
        void aDuplicateKeyNamesTheLineOfTheFirst() {
            assertThat(problems("version: 1\nversion: 1\n"))
                    .containsExactly("devices.yaml:2:1: version: duplicate key (first on line 1)");
        }

        @Test
        void aDuplicateEntryNamesTheLineOfTheFirst() {
            assertThat(problems("version: 1\ndevices:\n  a:\n" + OK.indent(4) + "  a:\n" + OK.indent(4)))
                    .containsExactly("devices.yaml:7:3: devices.a: duplicate key (first on line 3)");
        }

        @Test
        void anEntryNeedsMatchLinkAndContainers() {
            assertThat(problems("version: 1\ndevices:\n  e:\n")).containsExactly(
                    "devices.yaml:3:3: devices.e: missing \"match\" (what the device shows: vendor, product, serial...)",
                    "devices.yaml:3:3: devices.e: missing \"link\" (the name of the host symlink /dev/NAME)",
                    "devices.yaml:3:3: devices.e: missing \"containers\" (where the device goes)");
        }

        @Test
        void everyProblemIsReportedSortedByLine() {
            assertThat(problems("version: 1\ndevices:\n  e:\n    containers: [0105, 0105]\n    link: ttyUSB0\n"
                    + "    match:\n      vendorid: 1\n")).containsExactly(
                    "devices.yaml:4:18: devices.e.containers[0]: \"0105\" is not a Proxmox container id: give a number"
                            + " from 100 to 999999999 without leading zeros",
                    "devices.yaml:4:24: devices.e.containers[1]: \"0105\" is not a Proxmox container id: give a number"
                            + " from 100 to 999999999 without leading zeros",
                    "devices.yaml:5:11: devices.e.link: \"ttyUSB0\" is a name the kernel or udev use in /dev; pick"
                            + " another (e.g. \"ttyZigbee\")",
                    "devices.yaml:6:5: devices.e.match: no identifying key: give vendor (and product), ids, serial, port"
                            + " or kernel",
                    "devices.yaml:7:7: devices.e.match.vendorid: unknown key (did you mean \"vendor\"?)");
        }
    }

    @Nested
    class YamlFeatures {
        @Test
        void anchorsAndAliasesAreRefused() {
            assertThat(problems("version: 1\ndefaults: &d\n  mode: \"0660\"\ndevices:\n  e:\n    <<: *d\n"))
                    .containsExactly(
                            "devices.yaml:2:11: YAML anchors (&name) are not supported: write the value out in full",
                            "devices.yaml:6:9: YAML aliases (*name) are not supported: write the value out in full");
        }

        @Test
        void tagsAreRefused() {
            assertThat(problems("version: !!int 1\n"))
                    .containsExactly("devices.yaml:1:10: YAML tags (!!int) are not supported: quote the value instead");
            assertThat(problems("version: 1\ndevices: !custom {}\n"))
                    .containsExactly("devices.yaml:2:10: YAML tags (!custom) are not supported: quote the value instead");
        }

        @Test
        void aSecondDocumentIsRefused() {
            assertThat(problems("version: 1\n---\nversion: 1\n"))
                    .containsExactly("devices.yaml:2:1: only one YAML document is allowed in the mapping");
        }

        @Test
        void syntaxErrorsCarryTheParsersPosition() {
            assertThat(problems("version: 1\n  bad: indent\n"))
                    .containsExactly("devices.yaml:2:6: YAML syntax: mapping values are not allowed here");
            assertThat(problems("version: 1\ndevices: [\n"))
                    .containsExactly("devices.yaml:3:1: YAML syntax: expected the node content, but found '<stream end>'");
        }

        @Test
        void aFileOverTheSizeLimitIsRefused() {
            String big = "version: 1\n" + ("#" + "x".repeat(1023) + "\n").repeat(257);
            assertThat(problems(big)).containsExactly("devices.yaml:1:1: file is larger than 262144 characters");
        }

        @Test
        void aFileOverTheSizeLimitIsRefusedBeforeItIsDecoded(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("devices.yaml");
            Files.write(file, new byte[256 * 1024 + 1]);
            assertThatThrownBy(() -> MappingLoader.read(file)).isInstanceOf(MappingException.class)
                    .hasMessageContaining(file + ":1:1: file is larger than 262144 bytes (256 KiB)");
        }

        @Test
        void problemsAreCappedAndTheRestCounted() {
            StringBuilder text = new StringBuilder("version: 1\ndevices:\n");
            for (int i = 0; i < 150; i++) {
                text.append("  e").append(i).append(": {link: tty").append(i).append("}\n");
            }
            List<String> problems = problems(text.toString());
            // each entry lacks match and containers: at least 300 problems, of which the first 100 are shown
            assertThat(problems).hasSize(101);
            assertThat(problems.get(100)).matches("devices\\.yaml:\\d+:\\d+: [2-9]\\d\\d more problems not shown");
        }

        @Test
        void controlCharactersAreRefusedInValues() {
            assertThat(problems(entry("match: {serial: \"a\\x07b\"}\nlink: ttyX\ncontainers: [100]"))).containsExactly(
                    "devices.yaml:4:21: devices.e.match.serial: contains the control character U+0007");
        }

        @Test
        void controlCharactersAreRefusedInKeysAndShownEscaped() {
            assertThat(problems(entry(OK + "\"li\\x1bnk\": 1"))).containsExactly(
                    "devices.yaml:7:5: devices.e.li\\u001Bnk: contains the control character U+001B");
        }

        @Test
        void bidiOverridesAreRefused() {
            assertThat(problems(entry("match: {serial: \"ab\u202ec\"}\nlink: ttyX\ncontainers: [100]"))).containsExactly(
                    "devices.yaml:4:21: devices.e.match.serial: contains the control character U+202E");
        }

        @Test
        void anEscapedNewlineIsRefused() {
            assertThat(problems(entry("match: {serial: \"a\\nb\"}\nlink: ttyX\ncontainers: [100]"))).containsExactly(
                    "devices.yaml:4:21: devices.e.match.serial: contains a line break");
        }

        @Test
        void aValueContinuedOnTheNextLineIsRefused() {
            assertThat(problems(entry("match: {vendor: \"0451\"}\nlink: ttyX\n  continued\ncontainers: [100]")))
                    .containsExactly("devices.yaml:5:11: devices.e.link: the value must be written on one line");
        }

        @Test
        void aBlockScalarIsRefused() {
            assertThat(problems(entry("match: {vendor: \"0451\"}\nlink: |\n  ttyX\ncontainers: [100]")))
                    .containsExactly("devices.yaml:5:11: devices.e.link: the value must be written on one line");
        }

        @Test
        void aQuotedEmptyValueIsRefused() {
            assertThat(problems(entry("match: {kernel: \"\"}\nlink: ttyX\ncontainers: [100]")))
                    .containsExactly("devices.yaml:4:21: devices.e.match.kernel: empty value");
        }
    }

    @Nested
    class Names {
        @Test
        void entryNamesAreLowercaseLettersDigitsAndDashes() {
            assertThat(problems("version: 1\ndevices:\n  Zigbee:\n" + OK.indent(4))).containsExactly(
                    "devices.yaml:3:3: devices.Zigbee: entry names use lowercase letters, digits and '-', starting"
                            + " with a letter or digit");
            assertThat(problems("version: 1\ndevices:\n  -x:\n" + OK.indent(4))).hasSize(1);
        }

        @Test
        void entryNamesHaveAtMost63Characters() throws Exception {
            String name = "a".repeat(64);
            assertThat(problems("version: 1\ndevices:\n  " + name + ":\n" + OK.indent(4))).containsExactly(
                    "devices.yaml:3:3: devices." + name + ": entry names are at most 63 characters long");
            assertThat(Yamls.proxmox("version: 1\ndevices:\n  " + name.substring(1) + ":\n" + OK.indent(4))
                    .entries()).hasSize(1);
        }

        @Test
        void backendIsOneOfThree() {
            assertThat(problems("version: 1\nbackend: docker\n"))
                    .containsExactly("devices.yaml:2:10: backend: \"docker\" is not one of auto, proxmox, lxc");
        }

        @Test
        void onPlugIsOneOfThree() {
            assertThat(problems(entry(OK + "on_plug: reboot")))
                    .containsExactly("devices.yaml:7:14: devices.e.on_plug: \"reboot\" is not one of hotplug, restart, none");
            assertThat(problems("version: 1\ndefaults:\n  on_plug: Hotplug\n")).containsExactly(
                    "devices.yaml:3:12: defaults.on_plug: \"Hotplug\" is not one of hotplug, restart, none");
        }
    }
}
