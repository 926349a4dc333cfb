package org.ctplug.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.ctplug.testing.HostFiles;
import org.ctplug.testing.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A real event from systemd-udevd, after it applied a rule that gives ttyS0 a symlink. */
@Tag("host")
class UdevUeventTest {

    private static final Set<String> TTY = Set.of("tty");

    private static final Path TTYS0 = Path.of("/sys/class/tty/ttyS0");
    private static final Path RULE = Path.of("/etc/udev/rules.d/99-ctplug-netlink-test.rules");
    private static final String LINK = "ttyCtplugNetlinkTest";

    @BeforeEach
    void installRule() throws Exception {
        HostFiles.requireUdevd();
        Files.writeString(RULE, "KERNEL==\"ttyS0\", SYMLINK+=\"" + LINK + "\"\n");
        Shell.run("udevadm", "control", "--reload").ok();
    }

    /** The rule goes, and a change event lets udevd remove the link it made. */
    @AfterEach
    void removeRule() throws Exception {
        Files.deleteIfExists(RULE);
        Shell.run("udevadm", "control", "--reload").ok();
        Shell.run("udevadm", "trigger", "--action=change", TTYS0.toString()).ok();
        Shell.run("udevadm", "settle", "--timeout=10").ok();
    }

    @Test
    void triggeredChangeArrivesFromUdevdWithDevlinks() throws Exception {
        String devpath = "/" + Path.of("/sys").relativize(TTYS0.toRealPath());
        try (UeventSocket socket = UeventSocket.open(UeventSocket.UDEV_GROUP, 1 << 20, TTY)) {
            Shell.run("udevadm", "trigger", "--action=change", TTYS0.toString()).ok();

            Uevent event = HostSupport.awaitMessage(socket,
                    e -> e.devpath().equals(devpath) && e.devlinks().contains("/dev/" + LINK), Duration.ofSeconds(10));

            assertThat(event.source()).isEqualTo(UeventSource.UDEV);
            assertThat(event.action()).isEqualTo("change");
            assertThat(event.devname()).contains("/dev/ttyS0");
            assertThat(event.major()).hasValue(4);
            assertThat(event.minor()).hasValue(64);
        }
    }
}
