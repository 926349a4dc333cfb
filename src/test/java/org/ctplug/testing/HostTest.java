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

    /**
     * Writes {@code devices.yaml} with one entry for the ttys {@code kernel} names, linked on the
     * host as {@code link}, for each container (id, in-container path, gid or -1 for none).
     */
    protected Path ttyMapping(String kernel, String link, String... containerPathGid) throws java.io.IOException {
        StringBuilder yaml = new StringBuilder("version: 1\nbackend: lxc\ndevices:\n  serial-test:\n    match: {kernel: \""
                + kernel + "\"}\n    link: " + link + "\n    containers:\n");
        if (containerPathGid.length % 3 != 0) {
            throw new IllegalArgumentException("containers come as id, path, gid triples");
        }
        for (int i = 0; i < containerPathGid.length; i += 3) {
            yaml.append("      - id: ").append(containerPathGid[i]).append("\n        path: ").append(containerPathGid[i + 1])
                    .append('\n');
            if (!containerPathGid[i + 2].equals("-1")) {
                yaml.append("        gid: ").append(containerPathGid[i + 2]).append('\n');
            }
        }
        Path file = dir.resolve("devices.yaml");
        java.nio.file.Files.writeString(file, yaml);
        return file;
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
