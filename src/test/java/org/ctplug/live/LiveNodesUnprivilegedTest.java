package org.ctplug.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.ctplug.testing.Shell;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live nodes in a real unprivileged busybox container (idmap 0 -> 100000, 65536 ids).
 * Needs root and LXC; fails without them.
 */
class LiveNodesUnprivilegedTest extends LiveContainerTest {
    @BeforeAll
    static void start() throws IOException {
        startContainer(true);
        nodes.inject(target(), "/dev/ttyCtplugTest", 4, 64, 0660, hostId(0), hostId(20));
    }

    @Test
    void storeNodeIsOwnedByMappedHostIds() throws IOException {
        assertThat(Shell.run("stat", "-c", "%t:%T %a %u %g",
                nodes.storedNode(container.name, "/dev/ttyCtplugTest").toString()).output().trim())
                .isEqualTo("4:40 660 100000 100020");
    }

    @Test
    void nodeShowsMappedOwnerInside() throws IOException {
        assertThat(stat("/dev/ttyCtplugTest")).isEqualTo("4:40 660 0 20");
    }

    @Test
    void nodeOpensForItsGroupInside() throws IOException {
        assertThat(container.openAs(1000, 20, "/dev/ttyCtplugTest")).isEqualTo("ok");
    }

    @Test
    void nodeRefusesOtherUsersInside() throws IOException {
        String r = container.openAs(1000, 1000, "/dev/ttyCtplugTest");

        assertThat(r).doesNotContain("ok").containsIgnoringCase("permission denied");
    }

    @Test
    void reinjectWithNewMinorReplacesNode() throws IOException {
        nodes.inject(target(), "/dev/ttyCtplugReplug", 4, 64, 0660, hostId(0), hostId(20));

        nodes.inject(target(), "/dev/ttyCtplugReplug", 4, 6, 0660, hostId(0), hostId(20));

        assertThat(stat("/dev/ttyCtplugReplug")).isEqualTo("4:6 660 0 20");
    }

    @Test
    void injectCreatesParentDirectoriesOwnedByContainerRoot() throws IOException {
        nodes.inject(target(), "/dev/serial/by-ctplug/zwave", 4, 5, 0660, hostId(0), hostId(20));

        assertThat(stat("/dev/serial/by-ctplug/zwave")).isEqualTo("4:5 660 0 20");
        assertThat(sh("stat -c '%u %g' /dev/serial/by-ctplug").output().trim()).isEqualTo("0 0");
    }

    @Test
    void removeMakesNodeDisappearInside() throws IOException {
        nodes.inject(target(), "/dev/ttyCtplugGone", 4, 5, 0660, hostId(0), hostId(20));

        nodes.remove(target(), "/dev/ttyCtplugGone");

        assertThat(sh("test -e /dev/ttyCtplugGone").exit()).isNotZero();
    }

    @Test
    void hostMountTableIsUntouched() throws IOException {
        List<String> before = store.hostMountsWithoutStore();

        nodes.inject(target(), "/dev/ttyCtplugHost", 4, 64, 0660, hostId(0), hostId(20));
        nodes.inject(target(), "/dev/ttyCtplugHost", 4, 6, 0660, hostId(0), hostId(20));
        nodes.remove(target(), "/dev/ttyCtplugHost");

        assertThat(store.hostMountsWithoutStore()).isEqualTo(before);
    }

    @Test
    void injectReplacesBindFromContainerConfig() throws IOException {
        assertThat(stat(FROM_CONFIG)).startsWith("4:6 ");

        nodes.inject(target(), FROM_CONFIG, 4, 5, 0660, hostId(0), hostId(20));

        assertThat(stat(FROM_CONFIG)).isEqualTo("4:5 660 0 20");
    }
}
