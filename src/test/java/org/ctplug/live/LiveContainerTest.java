package org.ctplug.live;

import java.io.IOException;
import java.nio.file.Path;
import org.ctplug.host.ProcessStart;
import org.ctplug.testing.LxcContainer;
import org.ctplug.testing.Shell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;

/** A real busybox container with a bind from its config, a test store and LiveNodes on it. */
@Tag("host")
abstract class LiveContainerTest {
    static final String FROM_CONFIG = "/dev/ttyCtplugFromConfig";
    static TestStore store;
    static LxcContainer container;
    static LiveNodes nodes;

    static void startContainer(boolean unprivileged) throws IOException {
        System.out.println("[" + org.ctplug.testing.Layout.require().name + "] live nodes in "
                + (unprivileged ? "an unprivileged" : "a privileged") + " container");
        store = new TestStore();
        nodes = new LiveNodes(store.dir);
        // a bind from the container config, as ctplug writes for the next start
        container = LxcContainer.create("ctplug-live", false, unprivileged,
                "lxc.mount.entry = /dev/tty6 " + FROM_CONFIG.substring(1) + " none bind,optional,create=file");
        container.start();
    }

    static LiveTarget target() throws IOException {
        int pid = container.initPid();
        return new LiveTarget(container.name, pid, startOf(pid), container.idShift(), container.idShift());
    }

    /** A process's start time as the status cache records it. */
    static long startOf(int pid) throws IOException {
        return ProcessStart.of(Path.of("/proc"), pid).orElseThrow();
    }

    /** The host id of a container id under the container's map (one range from 0). */
    static long hostId(int id) {
        return container.idShift() + id;
    }

    /** Runs a shell script inside as root. */
    static Shell.Out sh(String script) {
        return container.attach("sh", "-c", script);
    }

    /** "MAJOR:MINOR MODE UID GID" of a path inside, majors and minors in hex as stat prints them. */
    static String stat(String path) {
        return sh("stat -c '%t:%T %a %u %g' " + path).output().trim();
    }

    @AfterAll
    static void destroyContainer() throws IOException {
        try (TestStore s = store; LxcContainer c = container) {
            // closes both, even when one fails
        }
    }
}
