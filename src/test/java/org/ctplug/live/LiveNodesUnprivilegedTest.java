package org.ctplug.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live nodes in a real unprivileged busybox container (idmap 0 -> 100000, 65536 ids).
 * Needs root and LXC; fails without them.
 */
class LiveNodesUnprivilegedTest extends LiveContainerTest {
    // -c first: a plain "<>" redirection would create a regular file where the node is missing
    private static final String OPEN = "[ -c /dev/ttyCtplugTest ] && exec 3<>/dev/ttyCtplugTest && echo ok";

    @BeforeAll
    static void start() throws IOException {
        startContainer(true);
        nodes.inject(container.target(), "/dev/ttyCtplugTest", 4, 64, 0660, 0, 20);
    }

    private static String stat(String path) throws IOException {
        return container.attach("stat -c '%t:%T %a %u %g' " + path).out().trim();
    }

    @Test
    void storeNodeIsOwnedByMappedHostIds() throws IOException {
        assertThat(TestContainer.run("stat", "-c", "%t:%T %a %u %g",
                nodes.storedNode(container.name, "/dev/ttyCtplugTest").toString()).out().trim())
                .isEqualTo("4:40 660 100000 100020");
    }

    @Test
    void nodeShowsMappedOwnerInside() throws IOException {
        assertThat(stat("/dev/ttyCtplugTest")).isEqualTo("4:40 660 0 20");
    }

    @Test
    void nodeOpensForItsGroupInside() throws IOException {
        assertThat(container.attachAs(1000, 20, OPEN).out().trim()).isEqualTo("ok");
    }

    @Test
    void nodeRefusesOtherUsersInside() throws IOException {
        TestContainer.Result r = container.attachAs(1000, 1000, OPEN);

        assertThat(r.out()).doesNotContain("ok").containsIgnoringCase("permission denied");
    }

    @Test
    void reinjectWithNewMinorReplacesNode() throws IOException {
        nodes.inject(container.target(), "/dev/ttyCtplugReplug", 4, 64, 0660, 0, 20);

        nodes.inject(container.target(), "/dev/ttyCtplugReplug", 4, 6, 0660, 0, 20);

        assertThat(stat("/dev/ttyCtplugReplug")).isEqualTo("4:6 660 0 20");
    }

    @Test
    void injectCreatesParentDirectoriesOwnedByContainerRoot() throws IOException {
        nodes.inject(container.target(), "/dev/serial/by-ctplug/zwave", 4, 5, 0660, 0, 20);

        assertThat(stat("/dev/serial/by-ctplug/zwave")).isEqualTo("4:5 660 0 20");
        assertThat(container.attach("stat -c '%u %g' /dev/serial/by-ctplug").out().trim()).isEqualTo("0 0");
    }

    @Test
    void removeMakesNodeDisappearInside() throws IOException {
        nodes.inject(container.target(), "/dev/ttyCtplugGone", 4, 5, 0660, 0, 20);

        nodes.remove(container.target(), "/dev/ttyCtplugGone");

        assertThat(container.attach("test -e /dev/ttyCtplugGone").exitCode()).isNotZero();
    }

    @Test
    void hostMountTableIsUntouched() throws IOException {
        List<String> before = store.hostMountsWithoutStore();

        nodes.inject(container.target(), "/dev/ttyCtplugHost", 4, 64, 0660, 0, 20);
        nodes.inject(container.target(), "/dev/ttyCtplugHost", 4, 6, 0660, 0, 20);
        nodes.remove(container.target(), "/dev/ttyCtplugHost");

        assertThat(store.hostMountsWithoutStore()).isEqualTo(before);
    }

    @Test
    void injectReplacesBindFromContainerConfig() throws IOException {
        assertThat(stat(FROM_CONFIG)).startsWith("4:6 ");

        nodes.inject(container.target(), FROM_CONFIG, 4, 5, 0660, 0, 20);

        assertThat(stat(FROM_CONFIG)).isEqualTo("4:5 660 0 20");
    }
}
