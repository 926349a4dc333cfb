package org.ctplug.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.ctplug.sys.FileCalls;
import org.ctplug.sys.ProcessCalls;
import org.ctplug.sys.Statx;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mount devices kept between live nodes follow real mounts and unmounts of this namespace. */
@Tag("host")
class MountTableHostTest {
    @TempDir
    Path dir;

    @Test
    void aMountAndAnUnmountAreSeenByTheNextLook() throws Exception {
        ProcessCalls.load();
        MountTable.devices();
        assertThat(MountTable.devices()).isEqualTo(MountTable.devices(java.nio.file.Files.readString(
                Path.of("/proc/self/mountinfo"))));
        Path point = dir.resolve("mnt");
        java.nio.file.Files.createDirectory(point);
        ProcessCalls.mount("ctplug-test", point.toString(), "tmpfs", 0, "size=64k");
        String device;
        try {
            Statx st = FileCalls.statx(FileCalls.AT_FDCWD, point.toString(), 0, point.toString());
            device = st.devMajor() + ":" + st.devMinor();
            assertThat(MountTable.devices()).contains(device);
        } finally {
            ProcessCalls.umount2(point.toString(), ProcessCalls.MNT_DETACH, point.toString());
        }
        assertThat(MountTable.devices()).doesNotContain(device);
    }
}
