package org.ctplug.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.ctplug.testing.FakeHost;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Link names come from udev's database, which builds them from device strings: a fixture
 * database entry with hostile ones makes no link, and apply (like the daemon's log) says why.
 */
class HostileLinkNamesTest {
    @TempDir
    Path root;
    FakeHost host;

    @BeforeEach
    void hostileDatabaseEntry() throws IOException {
        host = new FakeHost(root);
        host.sysfs.cdcAcm().udev("ttyACM0", "../x", "serial/by-id/usb-\u001b[2Jevil-if00", "serial/by-id/"
                + "y".repeat(300), "foo/bar", "serial/by-id/usb-Texas_Instruments-if00");
        host.lxcConfig("ha", "lxc.uts.name = ha\n");
        host.containerState("ha", "STOPPED");
        host.mapping("version: 1\nbackend: lxc\n%TOOLS%\ndevices:\n  zigbee:\n    match: {vendor: \"0451\"}\n"
                + "    link: ttyZigbee\n    containers: [ha]\n");
    }

    @Test
    void eachRefusedNameIsNamedWithWhy() {
        String out = host.ctplug("apply", "--dry-run").out();

        assertThat(out).contains(
                "note: entry zigbee: udev link \"/dev/../x\" of ttyACM0 is not made in containers: it has a \"..\""
                        + " component\n",
                "note: entry zigbee: udev link \"/dev/serial/by-id/usb-\\x1b[2Jevil-if00\" of ttyACM0 is not made in"
                        + " containers: it holds U+001B (only letters, digits and . _ : + @ - are made)\n",
                " is not made in containers: it has a component of 300 bytes (at most 255)\n",
                "note: entry zigbee: udev link \"/dev/foo/bar\" of ttyACM0 is not made in containers: it is not a"
                        + " name directly in one of serial/by-id, serial/by-path, v4l/by-id, v4l/by-path, input/by-id,"
                        + " input/by-path, disk/by-id, disk/by-path, dri/by-path nor the entry's link ttyZigbee\n");
        assertThat(out).doesNotContain("usb-Texas_Instruments-if00").doesNotContain("\u001b");
    }

    @Test
    void applyTellsThemOnItsErrorOutput() {
        FakeHost.Run run = host.ctplug("apply");

        assertThat(run.err()).contains("ctplug: entry zigbee: udev link \"/dev/../x\" of ttyACM0 is not made in"
                + " containers: it has a \"..\" component\n");
    }
}
