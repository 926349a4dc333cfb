package org.ctplug.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MountTableTest {
    private static final String MOUNTINFO = """
            27 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
            24 27 0:6 / /dev rw,relatime - devtmpfs devtmpfs rw,mode=755
            90 27 0:50 / /run/ctplug/dev rw,nosuid,noexec,relatime - tmpfs ctplug rw,size=1024k,mode=755
            91 27 0:51 / /mnt/with\\040space rw - tmpfs tmpfs rw
            """;

    @Test
    void mountPointsAreTheFifthField() {
        assertThat(MountTable.mountPoints(MOUNTINFO)).contains("/", "/dev", "/run/ctplug/dev");
    }

    @Test
    void devicesAreTheThirdFieldOfEveryMount() {
        assertThat(MountTable.devices(MOUNTINFO)).containsExactlyInAnyOrder("254:0", "0:6", "0:50", "0:51");
    }

    @Test
    void octalEscapesInMountPointsAreDecoded() {
        assertThat(MountTable.mountPoints(MOUNTINFO)).contains("/mnt/with space");
    }

    @Test
    void theV1DevicesControllerIsFoundWhereItIsMounted() {
        String v1 = MOUNTINFO + "35 27 0:30 / /sys/fs/cgroup/cpuset rw - cgroup cgroup rw,cpuset\n"
                + "36 27 0:31 / /cgroup/devices rw,nosuid shared:5 - cgroup cgroup rw,devices\n";

        assertThat(MountTable.v1DevicesMount(v1)).contains(Path.of("/cgroup/devices"));
        assertThat(MountTable.v1DevicesMount(MOUNTINFO
                + "30 27 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate\n")).isEmpty();
    }

    @Test
    void backslashWithoutOctalDigitsStaysLiteral() {
        assertThat(MountTable.unescape("/a\\x")).isEqualTo("/a\\x");
    }

    @Test
    void cgroup2IsFoundAtTheUnifiedRootAndOnAHybridHost() {
        assertThat(MountTable.cgroup2Mounts(MOUNTINFO
                + "30 27 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate\n"))
                .containsExactly(Path.of("/sys/fs/cgroup"));
        assertThat(MountTable.cgroup2Mounts(MOUNTINFO
                + "31 27 0:27 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n"
                + "36 27 0:31 / /sys/fs/cgroup/devices rw - cgroup cgroup rw,devices\n"))
                .containsExactly(Path.of("/sys/fs/cgroup/unified"));
        assertThat(MountTable.cgroup2Mounts(MOUNTINFO)).isEmpty();
    }
}
