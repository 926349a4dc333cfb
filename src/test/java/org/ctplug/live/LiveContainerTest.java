package org.ctplug.live;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/** A real busybox container with a bind from its config, a test store and LiveNodes on it. */
abstract class LiveContainerTest {
    static final String FROM_CONFIG = "/dev/ttyCtplugFromConfig";
    static TestStore store;
    static TestContainer container;
    static LiveNodes nodes;

    static void startContainer(boolean unprivileged) throws IOException {
        store = new TestStore();
        nodes = new LiveNodes(store.dir);
        // a bind from the container config, as ctplug writes for the next start
        container = TestContainer.start(unprivileged, List.of(
                "lxc.mount.entry = /dev/tty6 " + FROM_CONFIG.substring(1) + " none bind,optional,create=file"));
    }

    @AfterAll
    static void destroyContainer() throws IOException {
        try (TestStore s = store; TestContainer c = container) {
            // closes both, even when one fails
        }
    }
}
