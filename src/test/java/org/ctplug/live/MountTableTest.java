package org.ctplug.live;

import static org.assertj.core.api.Assertions.assertThat;

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
    void octalEscapesInMountPointsAreDecoded() {
        assertThat(MountTable.mountPoints(MOUNTINFO)).contains("/mnt/with space");
    }

    @Test
    void backslashWithoutOctalDigitsStaysLiteral() {
        assertThat(MountTable.unescape("/a\\x")).isEqualTo("/a\\x");
    }
}
