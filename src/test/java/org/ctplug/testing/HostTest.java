package org.ctplug.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the tests that use the real host: udevd, ttyS0 and the consoles, LXC. Each starts
 * from a host without ctplug's rules or state and leaves it so, even when it fails.
 */
@Tag("host")
public abstract class HostTest {
    @TempDir
    protected Path dir;
    protected LxcContainer ct;
    protected DaemonProcess daemon;

    private boolean hostReady;

    protected Layout layout;

    @BeforeEach
    void requireCleanHost(org.junit.jupiter.api.TestInfo test) throws Exception {
        HostFiles.requireHost();
        layout = Layout.require();
        System.out.println("[" + layout.name + "] " + test.getTestClass().map(Class::getSimpleName).orElse("")
                + "." + test.getTestMethod().map(java.lang.reflect.Method::getName).orElse(""));
        hostReady = true;
        HostFiles.clean();
    }

    @AfterEach
    void putHostBack() throws Exception {
        if (!hostReady) {
            return; // the host check failed: nothing was touched, and udev cannot be asked to settle
        }
        if (daemon != null) {
            daemon.close();
            daemonRanOn(layout);
        }
        if (ct != null) {
            ct.close();
        }
        HostFiles.clean(); // its add also brings back a tty the test removed
    }

    /** The daemon said at start that it found this layout and which key and live mechanism it uses there. */
    private void daemonRanOn(Layout expected) throws Exception {
        String log = daemon.logText();
        if (!log.contains("device cgroup: ")) {
            return; // it never got as far as opening its socket; the test itself says why
        }
        boolean socket = log.contains("live device rules over the LXC command socket");
        if (!log.contains(expected.allowKey() + ", " + expected.liveMechanism) || socket != (expected == Layout.CGROUP2)) {
            throw new AssertionError("the daemon did not run on the " + expected.name + " layout with "
                    + expected.liveMechanism + ":\n" + log);
        }
    }

    /** A running busybox container with a deny-all device cgroup; returns its init PID. */
    protected int runningContainer(String prefix, boolean unprivileged) throws Exception {
        ct = LxcContainer.create(prefix, true, unprivileged);
        ct.start();
        return ct.initPid();
    }

    /** Makes {@code absentTty} absent (udev drops it), then starts the daemon on {@code mapping}. */
    protected void startDaemon(String absentTty, List<String> prefix, Map<String, String> env, Path mapping,
                               String... extra) throws Exception {
        if (absentTty != null) {
            Tty.event(absentTty, "remove");
        }
        List<String> args = new java.util.ArrayList<>(List.of("--config", mapping.toString()));
        args.addAll(List.of(extra));
        daemon = DaemonProcess.start(dir, prefix, env, args.toArray(String[]::new));
    }
}
