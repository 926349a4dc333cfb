package org.ctplug.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ctplug.mapping.Yamls.entry;
import static org.ctplug.mapping.Yamls.problems;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The values of an entry: each refused one is named with its key and position. */
class EntryValidationTest {
    private static String withMatch(String match) {
        return entry("match: " + match + "\nlink: ttyX\ncontainers: [100]");
    }

    private static String withLink(String link) {
        return entry("match: {vendor: \"0451\"}\nlink: " + link + "\ncontainers: [100]");
    }

    private static String withContainers(String containers) {
        return entry("match: {vendor: \"0451\"}\nlink: ttyX\ncontainers:" + containers);
    }

    @Nested
    class Match {
        @Test
        void needsAnIdentifyingKey() {
            assertThat(problems(withMatch("{interface: 1}"))).containsExactly("devices.yaml:4:5: devices.e.match:"
                    + " no identifying key: give vendor (and product), ids, serial, port or kernel");
            assertThat(problems(withMatch("{}"))).hasSize(1);
        }

        @Test
        void productNeedsVendor() {
            assertThat(problems(withMatch("{product: \"0451\"}"))).containsExactly("devices.yaml:4:13: devices.e.match:"
                    + " product without vendor (product IDs only mean something per vendor)");
        }

        @Test
        void usbIdsAreOneToFourHexDigits() {
            assertThat(problems(withMatch("{vendor: 04g1}"))).containsExactly("devices.yaml:4:21:"
                    + " devices.e.match.vendor: \"04g1\" is not a USB ID: give 1 to 4 hex digits, optionally after 0x"
                    + " (e.g. \"0451\")");
            assertThat(problems(withMatch("{vendor: \"0451\", product: \"16c80\"}"))).containsExactly(
                    "devices.yaml:4:38: devices.e.match.product: \"16c80\" is not a USB ID: give 1 to 4 hex digits,"
                            + " optionally after 0x (e.g. \"0451\")");
        }

        @Test
        void interfaceIsADecimalByte() {
            assertThat(problems(withMatch("{vendor: \"0451\", interface: 256}"))).containsExactly(
                    "devices.yaml:4:40: devices.e.match.interface: \"256\" is not an interface number: give a"
                            + " decimal number from 0 to 255");
            assertThat(problems(withMatch("{vendor: \"0451\", interface: 0x1}"))).hasSize(1);
            assertThat(problems(withMatch("{vendor: \"0451\", interface: -1}"))).hasSize(1);
        }

        @Test
        void portIsAUsbPortPath() {
            assertThat(problems(withMatch("{port: 1.2}"))).containsExactly("devices.yaml:4:19: devices.e.match.port:"
                    + " \"1.2\" is not a USB port path such as \"1-1.2\" (bus-port.port...)");
            assertThat(problems(withMatch("{port: 1-1.}"))).hasSize(1);
            assertThat(problems(withMatch("{port: \"1-1:1.0\"}"))).hasSize(1);
        }

        @Test
        void kernelIsAGlobOfNameCharacters() {
            assertThat(problems(withMatch("{kernel: \"tty S0\"}"))).containsExactly("devices.yaml:4:21:"
                    + " devices.e.match.kernel: a kernel name glob may not contain a space (allowed: letters, digits,"
                    + " _ - * ? [ ])");
            assertThat(problems(withMatch("{kernel: \"tty/../sda\"}"))).containsExactly("devices.yaml:4:21:"
                    + " devices.e.match.kernel: a kernel name glob may not contain '/' (allowed: letters, digits,"
                    + " _ - * ? [ ])");
        }

        @Test
        void serialRefusesWhatChangesAUdevRuleAndSaysWhich() {
            assertThat(problems(withMatch("{serial: 'ab\"c'}"))).containsExactly("devices.yaml:4:21:"
                    + " devices.e.match.serial: a serial may not contain '\"' (it would change the meaning of the udev"
                    + " rule)");
            for (String c : new String[] {"\\\\", ",", "*", "?", "[", "]", "$", "%", "{", "}", "|"}) {
                assertThat(problems(withMatch("{serial: \"a" + c + "b\"}"))).as(c).singleElement()
                        .asString().contains("a serial may not contain '" + c.replace("\\\\", "\\") + "'");
            }
        }

        @Test
        void serialIsPrintableAsciiWithoutSpacesAtTheEnds() {
            assertThat(problems(withMatch("{serial: abc\u00e9}"))).containsExactly("devices.yaml:4:21:"
                    + " devices.e.match.serial: serials may hold printable ASCII only; found U+00E9");
            assertThat(problems(withMatch("{serial: ' abc'}"))).containsExactly("devices.yaml:4:21:"
                    + " devices.e.match.serial: a serial may not start or end with a space (udev would not match it"
                    + " as written)");
            assertThat(problems(withMatch("{serial: 'abc '}"))).hasSize(1);
        }

        @Test
        void serialHasAtMost126Characters() throws Exception {
            assertThat(problems(withMatch("{serial: " + "a".repeat(127) + "}"))).containsExactly("devices.yaml:4:21:"
                    + " devices.e.match.serial: serials are at most 126 characters long (a USB string descriptor)");
            assertThat(Yamls.proxmox(withMatch("{serial: 'a b" + "c".repeat(123) + "'}")).entries()).hasSize(1);
        }
    }

    @Nested
    class Link {
        @Test
        void isAPlainFileName() {
            assertThat(problems(withLink("../ttyX"))).containsExactly("devices.yaml:5:11: devices.e.link:"
                    + " \"../ttyX\" is not a plain file name: the link is /dev/NAME, give NAME only");
            assertThat(problems(withLink(".."))).containsExactly("devices.yaml:5:11: devices.e.link:"
                    + " \"..\" is not a link name: letters, digits, '.', '_', '-', starting with a letter or digit");
            assertThat(problems(withLink("tty Zigbee"))).hasSize(1);
            assertThat(problems(withLink("a".repeat(65)))).hasSize(1);
        }

        @Test
        void mayNotLookLikeAKernelName() {
            for (String name : new String[] {"tty", "ttyS0", "ttyACM0", "ttyUSB12", "ttyAMA0", "tty1", "ttymxc0",
                    "console", "ptmx", "null", "zero", "random", "urandom", "full", "serial"}) {
                assertThat(problems(withLink(name))).as(name).containsExactly("devices.yaml:5:11: devices.e.link: \""
                        + name + "\" is a name the kernel or udev use in /dev; pick another (e.g. \"ttyZigbee\")");
            }
        }

        @Test
        void mayNotBeTheNameOfAnotherKindsNodeOrItsDirectory() {
            for (String name : new String[] {"video0", "hidraw1", "event3", "renderD128", "card0", "zram1", "loop0",
                    "sda", "sda1", "vdb", "nvme0n1p1", "sr0", "dm-0", "dri", "snd", "tun"}) {
                assertThat(problems(withLink(name))).as(name).singleElement().asString()
                        .contains("devices.e.link: \"" + name + "\" is a name the kernel or udev use in /dev");
            }
        }

        @Test
        void mayNotNameANodeLxcSetsUpInTheContainer() {
            assertThat(problems(withLink("lxc"))).containsExactly("devices.yaml:5:11: devices.e.link: \"lxc\" is a node"
                    + " LXC sets up in a container's /dev; pick another");
        }

        @Test
        void mixedCaseNamesAfterTtyAreNotKernelNames() throws Exception {
            for (String name : new String[] {"ttyZigbee", "ttyZigbee2", "ttyZwave", "zigbee", "ttyUSB-stick"}) {
                assertThat(Yamls.proxmox(withLink(name)).entries().get(0).link()).contains(name);
            }
        }

        @Test
        void twoEntriesMayNotClaimOneLinkAndTheSecondNamesTheFirst() {
            String body = "match: {vendor: \"0451\"}\nlink: ttyX\ncontainers: [100]\n";
            assertThat(problems("version: 1\ndevices:\n  a:\n" + body.indent(4) + "  b:\n" + body.indent(4)))
                    .containsExactly("devices.yaml:9:11: devices.b.link: /dev/ttyX is already the link of entry \"a\""
                            + " (line 3)");
        }

        @Test
        void twoEntriesMayNotGiveOneContainerTheSamePath() {
            String a = "match: {vendor: \"0451\"}\nlink: ttyA\ncontainers: [{id: 100, path: /dev/ttyZ}]\n";
            String b = "match: {vendor: \"0452\"}\nlink: ttyB\ncontainers: [101, {id: 100, path: /dev/ttyZ}]\n";
            assertThat(problems("version: 1\ndevices:\n  a:\n" + a.indent(4) + "  b:\n" + b.indent(4)))
                    .containsExactly("devices.yaml:10:23: devices.b.containers[1]: /dev/ttyZ in container 100 is"
                            + " already the node of entry \"a\" (line 6, column 18)");
        }

        @Test
        void aPathBelowAnotherEntrysNodeIsRefusedWhicheverComesFirst() {
            String foo = "match: {vendor: \"0451\"}\nlink: ttyA\ncontainers: [{id: 100, path: /dev/foo}]\n";
            String bar = "match: {vendor: \"0452\"}\nlink: ttyB\ncontainers: [{id: 100, path: /dev/foo/bar}]\n";
            assertThat(problems("version: 1\ndevices:\n  a:\n" + foo.indent(4) + "  b:\n" + bar.indent(4)))
                    .containsExactly("devices.yaml:10:18: devices.b.containers[0]: /dev/foo/bar in container 100 is"
                            + " below /dev/foo, the node of entry \"a\" (line 6, column 18)");
            assertThat(problems("version: 1\ndevices:\n  a:\n" + bar.indent(4) + "  b:\n" + foo.indent(4)))
                    .containsExactly("devices.yaml:10:18: devices.b.containers[0]: /dev/foo in container 100 would"
                            + " be a directory of /dev/foo/bar, the node of entry \"a\" (line 6, column 18)");
        }

        @Test
        void theSamePathInTwoContainersOrSiblingPathsInOneAreFine() throws Exception {
            String a = "match: {vendor: \"0451\"}\nlink: ttyA\ncontainers: [{id: 100, path: /dev/foo}]\n";
            String b = "match: {vendor: \"0452\"}\nlink: ttyB\ncontainers: [{id: 101, path: /dev/foo},"
                    + " {id: 100, path: /dev/foobar}]\n";
            String c = "match: {vendor: \"0453\"}\nlink: ttyC\ncontainers: [{id: 100, path: /dev/fo}]\n";
            assertThat(Yamls.proxmox("version: 1\ndevices:\n  a:\n" + a.indent(4) + "  b:\n" + b.indent(4)
                    + "  c:\n" + c.indent(4)).entries()).hasSize(3);
        }
    }

    @Nested
    class Permissions {
        @Test
        void modeIsThreeOrFourOctalDigits() throws Exception {
            assertThat(problems(withLink("ttyX\nmode: \"0680\""))).containsExactly("devices.yaml:6:11: devices.e.mode:"
                    + " \"0680\" is not a mode: give 3 or 4 octal digits such as \"0660\"");
            assertThat(problems(withLink("ttyX\nmode: 66"))).hasSize(1);
            assertThat(Yamls.proxmox(withLink("ttyX\nmode: 640")).entries().get(0).mode()).isEqualTo(0640);
            assertThat(Yamls.proxmox(withLink("ttyX\nmode: 0600")).entries().get(0).mode()).isEqualTo(0600);
        }

        @Test
        void modeRefusesSetuidSetgidAndSticky() {
            assertThat(problems(withLink("ttyX\nmode: 4660"))).containsExactly("devices.yaml:6:11: devices.e.mode:"
                    + " \"4660\" sets setuid, setgid or sticky bits; give permission bits only, such as \"0660\"");
            assertThat(problems("version: 1\ndefaults: {mode: \"1777\"}\n")).hasSize(1);
        }

        @Test
        void groupIsANameOrANumber() throws Exception {
            assertThat(problems(withLink("ttyX\ngroup: Dial Out"))).containsExactly("devices.yaml:6:12: devices.e.group:"
                    + " \"Dial Out\" is not a group: give a name (lowercase letters, digits, '_', '-', up to 32) or a"
                    + " number");
            assertThat(problems(withLink("ttyX\ngroup: 4294967295"))).hasSize(1);
            assertThat(Yamls.proxmox(withLink("ttyX\ngroup: 20")).entries().get(0).group()).contains("20");
            assertThat(Yamls.proxmox(withLink("ttyX\ngroup: _zigbee-users")).entries().get(0).group())
                    .contains("_zigbee-users");
        }
    }

    @Nested
    class Links {
        @Test
        void areOnUnlessAnEntrySaysNone() throws Exception {
            assertThat(Yamls.proxmox(withLink("ttyX")).entries().get(0).links()).isTrue();
            assertThat(Yamls.proxmox(withLink("ttyX\nlinks: udev")).entries().get(0).links()).isTrue();
            assertThat(Yamls.proxmox(withLink("ttyX\nlinks: none")).entries().get(0).links()).isFalse();
        }

        @Test
        void anotherValueIsRefusedWithItsPosition() {
            assertThat(problems(withLink("ttyX\nlinks: off"))).containsExactly("devices.yaml:6:12: devices.e.links:"
                    + " \"off\" is not one of udev, none");
            assertThat(problems(withLink("ttyX\nlinks: [serial]"))).containsExactly("devices.yaml:6:12:"
                    + " devices.e.links: expected a single value, found a list");
        }

        @Test
        void isAKeyOfEntriesNotOfDefaults() {
            assertThat(problems("version: 1\ndefaults: {links: none}\n")).singleElement()
                    .satisfies(p -> assertThat(p).startsWith("devices.yaml:2:12: defaults.links: unknown key"));
        }
    }

    @Nested
    class Containers {
        @Test
        void aListOfAtLeastOne() {
            assertThat(problems(withContainers(" []"))).containsExactly("devices.yaml:6:17: devices.e.containers:"
                    + " the list is empty; give at least one container");
            assertThat(problems(withContainers(""))).hasSize(1);
        }

        @Test
        void proxmoxIdsAreNumbersFrom100WithoutLeadingZeros() {
            assertThat(problems(withContainers(" [0105]"))).containsExactly("devices.yaml:6:18: devices.e.containers[0]:"
                    + " \"0105\" is not a Proxmox container id: give a number from 100 to 999999999 without leading"
                    + " zeros");
            assertThat(problems(withContainers(" [99]"))).hasSize(1);
            assertThat(problems(withContainers(" [1000000000]"))).hasSize(1);
            assertThat(problems(withContainers(" [web]"))).hasSize(1);
        }

        @Test
        void lxcNamesAreLettersDigitsAndPunctuationStartingWithALetterOrDigit() throws Exception {
            assertThat(problems(withContainers(" [-web]"), BackendKind.LXC)).containsExactly("devices.yaml:6:18:"
                    + " devices.e.containers[0]: \"-web\" is not an LXC container name: up to 64 letters, digits,"
                    + " '_', '.', '-', starting with a letter or digit");
            assertThat(problems(withContainers(" [\"a/b\"]"), BackendKind.LXC)).hasSize(1);
            assertThat(Yamls.lxc(withContainers(" [home-assistant_2.lab]")).entries().get(0).containers().get(0).id())
                    .isEqualTo("home-assistant_2.lab");
        }

        @Test
        void theSameContainerTwiceInOneEntryIsAnError() {
            assertThat(problems(withContainers("\n  - 100\n  - id: 100"))).containsExactly("devices.yaml:8:9:"
                    + " devices.e.containers[1]: container 100 is listed twice in this entry (first on line 7)");
        }

        @Test
        void theLongFormNeedsAnId() {
            assertThat(problems(withContainers("\n  - path: /dev/x"))).containsExactly("devices.yaml:7:9:"
                    + " devices.e.containers[0]: missing \"id\" (the CTID)");
        }

        @Test
        void pathIsAbsoluteUnderDev() {
            assertThat(problems(withContainers("\n  - id: 100\n    path: dev/x"))).containsExactly("devices.yaml:8:15:"
                    + " devices.e.containers[0].path: \"dev/x\" must be an absolute path under /dev/");
            assertThat(problems(withContainers("\n  - id: 100\n    path: /tmp/x"))).hasSize(1);
        }

        @Test
        void pathRefusesSpacesAndSaysWhy() {
            assertThat(problems(withContainers("\n  - id: 100\n    path: /dev/my stick"))).containsExactly(
                    "devices.yaml:8:15: devices.e.containers[0].path: a path may not contain a space (a space splits an"
                            + " lxc.mount.entry line) (allowed: letters, digits, '.', '_', '-', '/')");
        }

        @Test
        void pathRefusesDotComponentsAndDoubleSlashes() {
            assertThat(problems(withContainers("\n  - id: 100\n    path: /dev/../etc/shadow"))).containsExactly(
                    "devices.yaml:8:15: devices.e.containers[0].path: \"/dev/../etc/shadow\" contains a \"..\""
                            + " component; give a plain path");
            assertThat(problems(withContainers("\n  - id: 100\n    path: /dev/./x"))).hasSize(1);
            assertThat(problems(withContainers("\n  - id: 100\n    path: /dev//x"))).containsExactly(
                    "devices.yaml:8:15: devices.e.containers[0].path: \"/dev//x\" contains \"//\"");
            assertThat(problems(withContainers("\n  - id: 100\n    path: /dev/serial/"))).hasSize(1);
        }

        @Test
        void pathMayNotReplaceANodeLxcGivesEveryContainer() {
            assertThat(problems(withContainers("\n  - id: 100\n    path: /dev/null"))).containsExactly(
                    "devices.yaml:8:15: devices.e.containers[0].path: \"/dev/null\" is a node LXC sets up in every"
                            + " container; pick another path");
            assertThat(problems(withContainers("\n  - id: 100\n    path: /dev/tty1"))).hasSize(1);
            assertThat(problems(withContainers("\n  - id: 100\n    path: /dev/pts/0"))).hasSize(1);
        }

        @Test
        void uidAndGidAreDecimalFrom0To65535() {
            assertThat(problems(withContainers("\n  - id: 100\n    uid: 65536\n    gid: -1"))).containsExactly(
                    "devices.yaml:8:14: devices.e.containers[0].uid: \"65536\" is not an id: give a decimal number"
                            + " from 0 to 65535",
                    "devices.yaml:9:14: devices.e.containers[0].gid: \"-1\" is not an id: give a decimal number from 0"
                            + " to 65535");
        }
    }

    @Nested
    class ToolsAndDaemon {
        @Test
        void toolsAreAbsolutePaths() {
            assertThat(problems("version: 1\ntools:\n  pct: pct\n"))
                    .containsExactly("devices.yaml:3:8: tools.pct: \"pct\" is not an absolute path");
        }

        @Test
        void durationsHaveAUnitOrAreSeconds() {
            assertThat(problems("version: 1\ndaemon:\n  restart_interval: 5x\n  lock_timeout: 0\n")).containsExactly(
                    "devices.yaml:3:21: daemon.restart_interval: \"5x\" is not a duration: give a number with ms, s,"
                            + " m or h (seconds when bare), e.g. \"30s\"",
                    "devices.yaml:4:17: daemon.lock_timeout: \"0\" is out of range: from 1ms to 24h");
            assertThat(problems("version: 1\ndaemon:\n  restart_interval: 500ms\n")).containsExactly(
                    "devices.yaml:3:21: daemon.restart_interval: \"500ms\" is out of range: from 1s to 24h");
        }
    }
}
