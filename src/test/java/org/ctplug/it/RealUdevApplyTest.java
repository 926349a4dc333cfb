package org.ctplug.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import org.ctplug.cli.Main;
import org.ctplug.testing.HostFiles;
import org.ctplug.testing.HostTest;
import org.junit.jupiter.api.Test;

/** `ctplug apply` against the running systemd-udevd of this host, with ttyS0 as the device. */
class RealUdevApplyTest extends HostTest {
    private static final Path LINK = Path.of("/dev/ttyCtplugUdevTest");

    /** ttyS0 as the entry's device, with plugdev and 0640: not Debian's dialout/0660, so an override would show. */
    private Path ttyS0Mapping() throws Exception {
        Path mapping = dir.resolve("devices.yaml");
        Files.writeString(mapping, """
                version: 1
                backend: lxc
                devices:
                  serial-test:
                    match: {kernel: ttyS0}
                    link: ttyCtplugUdevTest
                    group: plugdev
                    mode: "0640"
                    containers: [ctplug-no-such-container]
                """);
        return mapping;
    }

    @Test
    void applyMakesUdevCreateTheLinkWithTheMappedGroupAndMode() throws Exception {
        Path mapping = ttyS0Mapping();

        assertThat(Main.run("apply", "--config", mapping.toString())).isEqualTo(Main.OK);

        assertThat(Files.isSymbolicLink(LINK)).isTrue();
        assertThat(Files.readSymbolicLink(LINK).toString()).isEqualTo("ttyS0");
        PosixFileAttributes attrs = Files.readAttributes(Path.of("/dev/ttyS0"), PosixFileAttributes.class);
        assertThat(attrs.group().getName()).isEqualTo("plugdev");
        assertThat(PosixFilePermissions.toString(attrs.permissions())).isEqualTo("rw-r-----");
        assertThat(Files.readString(HostFiles.RULES)).contains("KERNEL==\"ttyS0\"", "SYMLINK+=\"ttyCtplugUdevTest\"");
    }

    @Test
    void removingTheEntryRemovesTheLink() throws Exception {
        Path mapping = ttyS0Mapping();
        assertThat(Main.run("apply", "--config", mapping.toString())).isEqualTo(Main.OK);
        assertThat(Files.isSymbolicLink(LINK)).isTrue();

        Files.writeString(mapping, "version: 1\nbackend: lxc\ndevices: {}\n");
        assertThat(Main.run("apply", "--config", mapping.toString())).isEqualTo(Main.OK);

        assertThat(Files.exists(LINK, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    }
}
