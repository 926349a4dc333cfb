package org.ctplug.mapping;

import org.ctplug.exec.ToolPaths;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingLoaderTest {
    @Test
    void readsTheExampleOfTheDesignWithEveryKey() throws Exception {
        Mapping m = Yamls.lxc(Yamls.resource("mapping/design-example.yaml"));

        assertThat(m.backend()).isEqualTo(BackendKind.LXC);
        assertThat(m.defaults()).isEqualTo(new Defaults(0660, Optional.of("dialout"), OnPlug.HOTPLUG));
        assertThat(m.entries()).containsExactly(new MappingEntry("zigbee",
                new Match(Optional.of("0451"), Optional.of("16c8"), Optional.of("00124B0014D9A7C3"), Optional.of(0),
                        Optional.of("1-1.2"), Optional.of("ttyS0")),
                "ttyZigbee", 0660, "dialout", OnPlug.HOTPLUG,
                List.of(new ContainerRef("105", "/dev/ttyZigbee", 0, 0),
                        new ContainerRef("zigbee2mqtt", "/dev/ttyACM0", 0, 20)),
                8));
    }

    @Test
    void aContainerNameIsNoProxmoxId() {
        assertThat(Yamls.problems(Yamls.resource("mapping/design-example.yaml"), BackendKind.PROXMOX))
                .containsExactly("devices.yaml:21:13: devices.zigbee.containers[1].id: \"zigbee2mqtt\" is not a"
                        + " Proxmox container id: give a number from 100 to 999999999 without leading zeros");
    }

    @Test
    void readsTwoEntriesWithDefaultsOverridesToolsAndDaemonSettings() throws Exception {
        Mapping m = Yamls.lxc(Yamls.resource("mapping/two-entries.yaml"));

        assertThat(m.backend()).isEqualTo(BackendKind.PROXMOX);
        assertThat(m.defaults()).isEqualTo(new Defaults(0640, Optional.of("20"), OnPlug.RESTART));
        assertThat(m.entries()).extracting(MappingEntry::name, MappingEntry::mode, MappingEntry::group,
                        MappingEntry::onPlug, MappingEntry::line)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("zigbee", 0640, Optional.of("20"), OnPlug.HOTPLUG, 12),
                        org.assertj.core.groups.Tuple.tuple("zwave", 0660, Optional.of("dialout"), OnPlug.RESTART, 22));
        assertThat(m.entries().get(1).containers()).containsExactly(new ContainerRef("106", "/dev/ttyACM0", 0, 20));
        assertThat(m.tools()).isEqualTo(new ToolPaths("/usr/bin/udevadm", "/usr/local/sbin/pct", "/usr/bin/lxc-info",
                "/usr/bin/lxc-start", "/usr/bin/lxc-stop", "/usr/bin/lxc-cgroup", "/usr/bin/lxc-attach", "/usr/bin/lxc-wait",
                "/usr/bin/systemctl", "/usr/bin/systemd-run"));
        assertThat(m.daemon()).isEqualTo(new DaemonSettings(Duration.ofMinutes(2), Duration.ofMillis(500)));
    }

    @Test
    void keepsTheSourceTextOfScalarsThatYaml11WouldTurnIntoNumbersOrBooleans() throws Exception {
        Mapping m = Yamls.lxc("""
                version: 1
                devices:
                  stick:
                    match:
                      vendor: 0200
                      product: 0x0403
                      serial: 00123456
                    link: on
                    containers:
                      - 0105
                      - yes
                      - null
                """);

        MappingEntry e = m.entries().get(0);
        assertThat(e.match().vendor()).contains("0200");
        assertThat(e.match().product()).contains("0403");
        assertThat(e.match().serial()).contains("00123456");
        assertThat(e.link()).contains("on");
        assertThat(e.containers()).extracting(ContainerRef::id).containsExactly("0105", "yes", "null");
    }

    @Test
    void normalisesUsbIdsToFourLowercaseHexDigits() throws Exception {
        Mapping m = Yamls.proxmox(Yamls.entry("""
                match: {vendor: 0X45A, product: "1"}
                link: ttyStick
                containers: [100]
                """));

        assertThat(m.entries().get(0).match().vendor()).contains("045a");
        assertThat(m.entries().get(0).match().product()).contains("0001");
    }

    @Test
    void autoBackendResolvesToTheHostsBackend() throws Exception {
        assertThat(Yamls.lxc("version: 1\nbackend: auto\n").backend()).isEqualTo(BackendKind.LXC);
        assertThat(Yamls.proxmox("version: 1\n").backend()).isEqualTo(BackendKind.PROXMOX);
        assertThat(Yamls.proxmox("version: 1\nbackend: lxc\n").backend()).isEqualTo(BackendKind.LXC);
    }

    @Test
    void anEmptyOrBareOrMissingDevicesSectionMeansNoEntries() throws Exception {
        assertThat(Yamls.proxmox("version: 1\ndevices: {}\n").entries()).isEmpty();
        assertThat(Yamls.proxmox("version: 1\ndevices:\n").entries()).isEmpty();
        assertThat(Yamls.proxmox("version: 1\ndevices: ~\n").entries()).isEmpty();
        assertThat(Yamls.proxmox("version: 1\n").entries()).isEmpty();
    }

    @Test
    void sectionsLeftOutTakeTheirDefaults() throws Exception {
        Mapping m = Yamls.proxmox("version: 1\ndefaults:\ntools: {}\ndaemon:\n");

        assertThat(m.defaults()).isEqualTo(Defaults.DEFAULT);
        assertThat(m.tools()).isEqualTo(ToolPaths.DEFAULT);
        assertThat(m.daemon()).isEqualTo(DaemonSettings.DEFAULT);
        assertThat(m.daemon().restartInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(m.daemon().lockTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aBareDurationIsInSeconds() throws Exception {
        Mapping m = Yamls.proxmox("version: 1\ndaemon:\n  restart_interval: 45\n  lock_timeout: 1h\n");

        assertThat(m.daemon()).isEqualTo(new DaemonSettings(Duration.ofSeconds(45), Duration.ofHours(1)));
    }

    @Test
    void theLongContainerFormDefaultsToTheLinkAndRoot() throws Exception {
        Mapping m = Yamls.proxmox(Yamls.entry("""
                match: {kernel: "tty[56]"}
                link: ttyConsoleFive
                containers:
                  - id: 101
                """));

        assertThat(m.entries().get(0).containers()).containsExactly(
                new ContainerRef("101", "/dev/ttyConsoleFive", 0, 0));
    }

    @Test
    void readsAFileFromDisk(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("devices.yaml");
        Files.writeString(file, "version: 1\ndevices: {}\n");

        Mapping m = MappingLoader.load(file, BackendKind.PROXMOX);

        assertThat(m.file()).isEqualTo(file);
        assertThat(m.entries()).isEmpty();
    }

    @Test
    void aFileThatIsNotUtf8IsReportedWhereTheBadByteIs(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("devices.yaml");
        Files.write(file, "version: 1\n# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> MappingLoader.load(file, BackendKind.PROXMOX))
                .isInstanceOf(MappingException.class)
                .hasMessage(file + ":2:6: the file is not UTF-8 (byte 0xE9)");
    }

    @Test
    void aMissingFileIsAnIoError(@TempDir Path dir) {
        assertThatThrownBy(() -> MappingLoader.load(dir.resolve("absent.yaml"), BackendKind.PROXMOX))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void autoIsNoHostBackend() {
        assertThatThrownBy(() -> MappingLoader.parse("version: 1\n", Yamls.FILE, BackendKind.AUTO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theExceptionMessageIsEveryProblemOnItsOwnLine() {
        assertThatThrownBy(() -> Yamls.proxmox("version: 2\nbackend: docker\n"))
                .isInstanceOf(MappingException.class)
                .hasMessage("devices.yaml:1:10: version: unsupported version \"2\" (this ctplug reads version 1)\n"
                        + "devices.yaml:2:10: backend: \"docker\" is not one of auto, proxmox, lxc");
    }
}
