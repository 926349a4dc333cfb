package org.ctplug.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A container's tree seen from the host: nothing it plants may lead the lookup elsewhere. Needs root (mknod). */
class LstatBeneathTest {
    private final Posix posix = Posix.get();

    @TempDir
    Path root;
    @TempDir
    Path elsewhere;

    @Test
    void readsNumberTypeAndOwnerOfANodeBelowRoot() throws IOException {
        Files.createDirectories(root.resolve("dev"));
        posix.mknodChar(root.resolve("dev/ttyZigbee"), 0660, 4, 64);
        posix.chown(root.resolve("dev/ttyZigbee"), 100000, 100020);

        FileStatus st = posix.lstatBeneath(root, "dev/ttyZigbee").orElseThrow();

        assertThat(st.isCharDevice()).isTrue();
        assertThat(st.major()).isEqualTo(4);
        assertThat(st.minor()).isEqualTo(64);
        assertThat(st.uid()).isEqualTo(100000);
        assertThat(st.gid()).isEqualTo(100020);
    }

    @Test
    void aMissingNodeOrDirectoryIsEmpty() throws IOException {
        Files.createDirectories(root.resolve("dev"));
        assertThat(posix.lstatBeneath(root, "dev/ttyZigbee")).isEmpty();
        assertThat(posix.lstatBeneath(root, "nodir/ttyZigbee")).isEmpty();
    }

    @Test
    void aSymlinkAtThePathIsReportedAsTheSymlinkNotItsTarget() throws IOException {
        Files.createDirectories(root.resolve("dev"));
        posix.mknodChar(elsewhere.resolve("real"), 0600, 4, 1);
        Files.createSymbolicLink(root.resolve("dev/ttyZigbee"), elsewhere.resolve("real"));

        FileStatus st = posix.lstatBeneath(root, "dev/ttyZigbee").orElseThrow();

        assertThat(st.isCharDevice()).isFalse();
        assertThat(st.mode() & 0170000).isEqualTo(0120000);
    }

    @Test
    void aSymlinkedDirectoryOnTheWayIsRefused() throws IOException {
        Files.createDirectories(elsewhere.resolve("dev"));
        posix.mknodChar(elsewhere.resolve("dev/ttyZigbee"), 0600, 4, 1);
        // inside a container "/" would be the host's root when the host follows it
        Files.createSymbolicLink(root.resolve("dev"), elsewhere.resolve("dev"));

        assertThatThrownBy(() -> posix.lstatBeneath(root, "dev/ttyZigbee"))
                .isInstanceOf(SymlinkOnPathException.class).hasMessageContaining("ELOOP");
    }

    @Test
    void dotDotCannotLeaveRoot() throws IOException {
        Files.createDirectories(root.resolve("dev"));
        Files.writeString(elsewhere.resolve("outside"), "x");
        assertThat(root.getParent()).isEqualTo(elsewhere.getParent());

        assertThatThrownBy(() -> posix.lstatBeneath(root, "dev/../../" + elsewhere.getFileName() + "/outside"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRegularFileOnTheWayMeansNothingIsThere() throws IOException {
        Files.writeString(root.resolve("dev"), "not a directory");

        assertThat(posix.lstatBeneath(root, "dev/ttyZigbee")).isEmpty();
    }

    @Test
    void nodesBehindAMountInsideTheTreeAreSeen() throws IOException {
        // the container's /dev is a tmpfs of its own: the walk crosses mounts as path lookup does
        Path dev = Files.createDirectories(root.resolve("dev"));
        org.ctplug.testing.Shell.run("mount", "-t", "tmpfs", "ctplug-test", dev.toString()).ok();
        try {
            posix.mknodChar(dev.resolve("ttyZigbee"), 0600, 4, 64);
            assertThat(posix.lstatBeneath(root, "dev/ttyZigbee")).hasValueSatisfying(st ->
                    assertThat(st.minor()).isEqualTo(64));
        } finally {
            org.ctplug.testing.Shell.run("umount", dev.toString()).ok();
        }
    }
}
