package org.ctplug.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.ctplug.sys.FileCalls;
import org.ctplug.testing.HostFiles;
import org.ctplug.testing.Shell;

/**
 * What the benchmarks need beyond the host tests' helpers: an event that does not wait for
 * udev, and the check that nothing else uses the same ttys and rules file.
 */
final class HostState {
    private HostState() {}

    /**
     * Writing an action to a tty's uevent file makes the kernel emit a real uevent for it.
     * Returns at once, without a settle: the timed phases measure from here. The write is one
     * native open, write and close, as LXD's trigger is one native mknod or unlink, so neither
     * side's figure carries the other's Java I/O stack.
     */
    static void event(String tty, String action) throws IOException {
        int fd = FileCalls.open("/sys/class/tty/" + tty + "/uevent", FileCalls.O_WRONLY, 0);
        try {
            FileCalls.write(fd, action.getBytes(StandardCharsets.US_ASCII), "uevent of " + tty);
        } finally {
            FileCalls.close(fd);
        }
    }

    /** Fails when the machine lacks what the host benchmarks need, or a ctplug host test runs. */
    static void require() {
        HostFiles.requireHost();
        alone(-1);
    }

    /**
     * Fails when a ctplug daemon other than {@code ownPid} or a test run is active: host tests
     * use the same ttys and rules file, and the figures of both would be wrong.
     */
    static void alone(long ownPid) {
        String others = Shell.run("pgrep", "-af", "org.ctplug.cli.Main daemon|ctplug.jar daemon|surefire").stdout()
                .lines().filter(l -> !l.startsWith(ownPid + " ")).reduce("", (a, b) -> a + b + "\n").strip();
        if (!others.isEmpty()) {
            throw new IllegalStateException("another ctplug daemon or test run is active; stopped: " + others);
        }
    }
}
