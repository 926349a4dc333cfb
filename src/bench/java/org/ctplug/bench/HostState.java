package org.ctplug.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The host files and devices the benchmarks change, and how they are put back. */
final class HostState {
    static final Path RULES = Path.of("/etc/udev/rules.d/70-ctplug.rules");
    static final Path STATE = Path.of("/var/lib/ctplug/state.json");
    static final String[] TTYS = {"ttyS0", "tty5", "tty6"};

    private HostState() {}

    /** Writing an action to a tty's uevent file makes the kernel emit a real uevent for it. */
    static void event(String tty, String action) throws IOException {
        Files.writeString(Path.of("/sys/class/tty", tty, "uevent"), action);
    }

    static void settle() {
        Sh.run("udevadm", "settle");
    }

    /** Removes ctplug's rules and state, puts every tty back with add and lets udev redo them. */
    static void clean() throws IOException {
        Files.deleteIfExists(RULES);
        Files.deleteIfExists(STATE);
        Sh.run("udevadm", "control", "--reload");
        for (String tty : TTYS) {
            event(tty, "add");
        }
        Sh.run("udevadm", "trigger", "--action=add", "--settle", "/sys/class/tty/ttyS0", "/sys/class/tty/tty5",
                "/sys/class/tty/tty6");
    }

    /** Fails when the machine lacks what the host benchmarks need, or a ctplug host test runs. */
    static void require() {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("the benchmarks need root");
        }
        if (Sh.run("udevadm", "control", "--ping", "--timeout=5").exit() != 0) {
            throw new IllegalStateException("systemd-udevd does not answer on /run/udev/control");
        }
        alone(-1);
    }

    /**
     * Fails when a ctplug daemon other than {@code ownPid} or a test run is active: host tests
     * use the same ttys and rules file, and the figures of both would be wrong.
     */
    static void alone(long ownPid) {
        String others = Sh.run("pgrep", "-af", "org.ctplug.cli.Main daemon|ctplug.jar daemon|surefire").stdout()
                .lines().filter(l -> !l.startsWith(ownPid + " ")).reduce("", (a, b) -> a + b + "\n").strip();
        if (!others.isEmpty()) {
            throw new IllegalStateException("another ctplug daemon or test run is active; stopped: " + others);
        }
    }
}
