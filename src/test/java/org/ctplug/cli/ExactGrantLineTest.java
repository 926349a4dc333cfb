package org.ctplug.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ctplug.host.Host;
import org.ctplug.testing.FakeHost;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each mapped device gets a cgroup line for exactly its major:minor, never a whole major; a line
 * the user wrote is never touched.
 */
class ExactGrantLineTest {
    static final String KEY = Host.cgroupKey();
    static final String HAND = KEY + " = c 4:* rwm";

    @TempDir
    Path root;
    FakeHost host;
    Path config;
    String original;

    @BeforeEach
    void setUp() throws IOException {
        host = new FakeHost(root);
        host.sysfs.ftdi().ftdi("1-7", 1);
        original = "# home assistant\nlxc.uts.name = ha\n" + HAND + "\n";
        config = host.lxcConfig("ha", original);
        host.containerState("ha", "STOPPED");
    }

    private void entries(String... names) throws IOException {
        StringBuilder yaml = new StringBuilder("version: 1\nbackend: lxc\ndefaults: {on_plug: none}\n%TOOLS%\ndevices:\n");
        for (String name : names) {
            int minor = name.equals("one") ? 0 : 1;
            yaml.append("  ").append(name).append(":\n    match: {kernel: ttyUSB").append(minor).append("}\n")
                    .append("    link: tty").append(name.equals("one") ? "One" : "Two").append("\n")
                    .append("    containers: [ha]\n");
        }
        if (names.length == 0) {
            yaml.append("  {}\n");
        }
        host.mapping(yaml.toString().replace("devices:\n  {}", "devices: {}"));
        assertThat(host.ctplug("apply").exit()).isEqualTo(0);
    }

    private java.util.List<String> grants() throws IOException {
        return Files.readAllLines(config).stream().filter(l -> l.startsWith(KEY) && l.contains(" 188:")).toList();
    }

    @Test
    void twoDevicesOfOneMajorGetTwoLinesEachGoingWithItsEntry() throws IOException {
        entries("one", "two");
        assertThat(grants()).containsExactly(KEY + " = c 188:0 rwm", KEY + " = c 188:1 rwm");
        assertThat(Files.readString(config)).contains("dev/ttyOne", "dev/ttyTwo");

        entries("one");
        assertThat(grants()).containsExactly(KEY + " = c 188:0 rwm");
        assertThat(Files.readString(config)).doesNotContain("dev/ttyTwo");

        entries();
        assertThat(grants()).isEmpty();
        assertThat(Files.readString(config)).isEqualTo(original);
    }

    @Test
    void aLineTheUserWroteIsNeitherReplacedNorRemoved() throws IOException {
        host.sysfs.builtinTtyS0();
        host.mapping("version: 1\nbackend: lxc\ndefaults: {on_plug: none}\n%TOOLS%\ndevices:\n  serial:\n"
                + "    match: {kernel: ttyS0}\n    link: ttySerial\n    containers: [ha]\n");
        host.ctplug("apply");
        assertThat(Files.readAllLines(config)).contains(HAND, KEY + " = c 4:64 rwm");

        host.mapping("version: 1\nbackend: lxc\n%TOOLS%\ndevices: {}\n");
        host.ctplug("apply");
        assertThat(Files.readString(config)).isEqualTo(original);
    }
}
