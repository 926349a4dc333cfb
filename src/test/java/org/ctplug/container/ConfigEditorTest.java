package org.ctplug.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class ConfigEditorTest {
    private static final ConfigLine ALLOW_ACM = new ConfigLine("lxc.cgroup2.devices.allow", "c 166:* rwm");
    private static final ConfigLine MOUNT_ZIGBEE = new ConfigLine("lxc.mount.entry",
            "/dev/ttyZigbee dev/ttyZigbee none bind,optional,create=file");
    private static final List<ConfigLine> CTPLUG_LINES = List.of(ALLOW_ACM, MOUNT_ZIGBEE);
    private static final String MAIN_SECTION_END =
            "lxc.mount.entry = /dev/ttyUSB0 dev/ttyUSB0 none bind,optional,create=file\n";

    private static String fixture(String name) throws IOException {
        try (InputStream in = ConfigEditorTest.class.getResourceAsStream("/container/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String proxmox() throws IOException {
        return fixture("proxmox-105.conf");
    }

    @Test
    void addPutsLinesAtEndOfProxmoxMainSectionOnly() throws IOException {
        String original = proxmox();

        String edited = ConfigEditor.edit(original, ConfigSyntax.PROXMOX, CTPLUG_LINES, List.of());

        String expected = original.replace(MAIN_SECTION_END, MAIN_SECTION_END
                + "lxc.cgroup2.devices.allow: c 166:* rwm\n"
                + "lxc.mount.entry: /dev/ttyZigbee dev/ttyZigbee none bind,optional,create=file\n");
        assertThat(edited).isEqualTo(expected);
    }

    @Test
    void removingAddedLinesRestoresOriginalBytes() throws IOException {
        String original = proxmox();
        String added = ConfigEditor.edit(original, ConfigSyntax.PROXMOX, CTPLUG_LINES, List.of());

        assertThat(ConfigEditor.edit(added, ConfigSyntax.PROXMOX, List.of(), CTPLUG_LINES)).isEqualTo(original);
    }

    @Test
    void fileWithoutFinalNewlineKeepsLackingOneAndRoundTrips() throws IOException {
        String original = fixture("proxmox-105-no-final-newline.conf");
        String added = ConfigEditor.edit(original, ConfigSyntax.PROXMOX, CTPLUG_LINES, List.of());

        assertThat(added).doesNotEndWith("\n").contains(MAIN_SECTION_END + "lxc.cgroup2.devices.allow: c 166:* rwm\n");
        assertThat(ConfigEditor.edit(added, ConfigSyntax.PROXMOX, List.of(), CTPLUG_LINES)).isEqualTo(original);
    }

    @Test
    void lastLineWithoutNewlineGetsOneBeforeTheAddedLines() {
        String original = "arch: amd64\nhostname: ct";

        String added = ConfigEditor.edit(original, ConfigSyntax.PROXMOX, CTPLUG_LINES, List.of());

        assertThat(added).isEqualTo("arch: amd64\nhostname: ct\nlxc.cgroup2.devices.allow: c 166:* rwm\n"
                + "lxc.mount.entry: /dev/ttyZigbee dev/ttyZigbee none bind,optional,create=file");
        assertThat(ConfigEditor.edit(added, ConfigSyntax.PROXMOX, List.of(), CTPLUG_LINES)).isEqualTo(original);
    }

    @Test
    void emptyFileGetsTheLinesAndRoundTrips() {
        String added = ConfigEditor.edit("", ConfigSyntax.PROXMOX, List.of(ALLOW_ACM), List.of());

        assertThat(added).isEqualTo("lxc.cgroup2.devices.allow: c 166:* rwm\n");
        assertThat(ConfigEditor.edit(added, ConfigSyntax.PROXMOX, List.of(), List.of(ALLOW_ACM))).isEmpty();
    }

    @Test
    void lineTheUserAlreadyHasIsNotAddedTwice() throws IOException {
        String original = proxmox();
        ConfigLine usersAllow = new ConfigLine("lxc.cgroup2.devices.allow", "c 188:* rwm");
        ConfigLine usersMount = new ConfigLine("lxc.mount.entry", "/dev/ttyUSB0 dev/ttyUSB0 none bind,optional,create=file");

        assertThat(ConfigEditor.edit(original, ConfigSyntax.PROXMOX, List.of(usersAllow, usersMount), List.of()))
                .isEqualTo(original);
    }

    @Test
    void containsSeesColonAndEqualsFormsWithAnySpacing() {
        String content = "lxc.cgroup2.devices.allow:c 188:*   rwm\n  lxc.mount.entry   =  /dev/a dev/a none bind 0 0\n";

        assertThat(ConfigEditor.contains(content, new ConfigLine("lxc.cgroup2.devices.allow", "c 188:* rwm"))).isTrue();
        assertThat(ConfigEditor.contains(content, new ConfigLine("lxc.mount.entry", "/dev/a dev/a none bind 0 0"))).isTrue();
        assertThat(ConfigEditor.contains(content, new ConfigLine("lxc.cgroup2.devices.allow", "c 166:* rwm"))).isFalse();
    }

    @Test
    void linesInSnapshotAndPendingSectionsAreNotPresent() throws IOException {
        String original = proxmox();

        assertThat(ConfigEditor.contains(original, ALLOW_ACM)).isFalse();
        assertThat(ConfigEditor.contains(original, MOUNT_ZIGBEE)).isFalse();
        assertThat(ConfigEditor.values(original, "snaptime")).isEmpty();
    }

    @Test
    void removeNeverTouchesSnapshotOrPendingSections() throws IOException {
        String original = proxmox();

        assertThat(ConfigEditor.edit(original, ConfigSyntax.PROXMOX, List.of(), CTPLUG_LINES)).isEqualTo(original);
    }

    @Test
    void removeTakesOutOnlyTheExactKeyAndValue() throws IOException {
        String original = proxmox();

        String edited = ConfigEditor.edit(original, ConfigSyntax.PROXMOX, List.of(),
                List.of(new ConfigLine("lxc.cgroup2.devices.allow", "c 188:* rwm")));

        assertThat(edited).isEqualTo(original.replaceFirst("lxc\\.cgroup2\\.devices\\.allow: c 188:\\* rwm\n", ""));
        assertThat(edited).contains("[after-pairing]\n#Zigbee2MQTT for the house\n");
    }

    @Test
    void editWithNothingToDoReturnsIdenticalString() throws IOException {
        String original = proxmox();

        assertThat(ConfigEditor.edit(original, ConfigSyntax.PROXMOX, List.of(), List.of())).isSameAs(original)
                .isEqualTo(original);
    }

    @Test
    void lockIsReadFromMainSectionOnly() throws IOException {
        assertThat(ConfigEditor.lock("arch: amd64\nlock: backup\nmemory: 512\n")).contains("backup");
        // the fixture's only lock line sits in a snapshot
        assertThat(ConfigEditor.lock(proxmox())).isEmpty();
    }

    @Test
    void valuesListsEveryOccurrenceInMainSection() throws IOException {
        assertThat(ConfigEditor.values(proxmox(), "unprivileged")).containsExactly("1");
        assertThat(ConfigEditor.values(proxmox(), "lxc.cgroup2.devices.allow")).containsExactly("c 188:* rwm");
        assertThat(ConfigEditor.values(fixture("lxc-config"), "lxc.idmap"))
                .containsExactly("u 0 100000 65536", "g 0 100000 65536");
    }

    @Test
    void descriptionLinesAreNotKeys() throws IOException {
        assertThat(ConfigEditor.values(proxmox(), "#Coordinator%3A Sonoff ZBDongle-P, flashed 2024-05-01")).isEmpty();
        assertThat(ConfigEditor.values(proxmox(), "#Coordinator%3A Sonoff ZBDongle-P, flashed 2024-05-01".substring(1)))
                .isEmpty();
    }

    @Test
    void lxcConfigGetsEqualsLinesAtTheEndAndRoundTrips() throws IOException {
        String original = fixture("lxc-config");
        ConfigLine allowAcm = new ConfigLine("lxc.cgroup.devices.allow", "c 166:* rwm");

        String added = ConfigEditor.edit(original, ConfigSyntax.LXC, List.of(allowAcm, MOUNT_ZIGBEE), List.of());

        assertThat(added).isEqualTo(original + "lxc.cgroup.devices.allow = c 166:* rwm\n"
                + "lxc.mount.entry = /dev/ttyZigbee dev/ttyZigbee none bind,optional,create=file\n");
        assertThat(ConfigEditor.edit(added, ConfigSyntax.LXC, List.of(), List.of(allowAcm, MOUNT_ZIGBEE)))
                .isEqualTo(original);
    }

    @Test
    void lxcLineWrittenWithoutSpacesIsRecognised() throws IOException {
        String original = fixture("lxc-config");

        assertThat(ConfigEditor.edit(original, ConfigSyntax.LXC,
                List.of(new ConfigLine("lxc.cgroup.devices.allow", "c 188:* rwm")), List.of())).isEqualTo(original);
    }

    @Test
    void commentedOutLxcLineIsNotPresent() {
        String content = "#lxc.cgroup.devices.allow = c 166:* rwm\n";

        assertThat(ConfigEditor.contains(content, new ConfigLine("lxc.cgroup.devices.allow", "c 166:* rwm"))).isFalse();
    }

    @Test
    void addAndRemoveTogetherKeepTheWantedLine() throws IOException {
        String original = proxmox();
        String added = ConfigEditor.edit(original, ConfigSyntax.PROXMOX, List.of(ALLOW_ACM), List.of());

        assertThat(ConfigEditor.edit(added, ConfigSyntax.PROXMOX, List.of(ALLOW_ACM), List.of(ALLOW_ACM)))
                .isEqualTo(added);
    }

    @Test
    void duplicatesInTheAddListAreWrittenOnce() {
        String edited = ConfigEditor.edit("arch: amd64\n", ConfigSyntax.PROXMOX, List.of(ALLOW_ACM, ALLOW_ACM), List.of());

        assertThat(edited).isEqualTo("arch: amd64\nlxc.cgroup2.devices.allow: c 166:* rwm\n");
    }

    @Test
    void aLineReplacedByOneOfTheSameKeyTakesItsPlace() {
        String original = "arch: amd64\nlxc.cgroup2.devices.allow: c 4:5 rwm\nlxc.mount.entry: /dev/a dev/a none bind\n";

        String edited = ConfigEditor.edit(original, ConfigSyntax.PROXMOX,
                List.of(new ConfigLine("lxc.cgroup2.devices.allow", "c 4:6 rwm")),
                List.of(new ConfigLine("lxc.cgroup2.devices.allow", "c 4:5 rwm")));

        assertThat(edited).isEqualTo(original.replace("c 4:5 rwm", "c 4:6 rwm"));
    }

    @Test
    void textsAskedInTurnEachGiveTheirOwnValues() {
        // a plan asks of a config and of its edit, the next pass of the file again: none may give another's lines
        List<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            texts.add("lxc.cgroup2.devices.allow = c 4:" + i + " rwm\n");
        }
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < texts.size(); i++) {
                // a copy each time: the same text read again from the file is another string
                assertThat(ConfigEditor.values(new String(texts.get(i)), "lxc.cgroup2.devices.allow"))
                        .containsExactly("c 4:" + i + " rwm");
            }
        }
    }
}
