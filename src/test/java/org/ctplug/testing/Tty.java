package org.ctplug.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real kernel uevents for real devices: writing an action to a tty's uevent file makes the
 * kernel emit it, udevd process it, and (for remove) drop its database entry while the sysfs
 * entry stays, which ctplug sees as an unplug.
 */
public final class Tty {
    private Tty() {}

    public static void event(String name, String action) {
        try {
            Files.writeString(Path.of("/sys/class/tty", name, "uevent"), action);
        } catch (IOException e) {
            throw new AssertionError("cannot write " + action + " to " + name + "'s uevent: " + e.getMessage(), e);
        }
        settle();
    }

    /**
     * Waits until udevd has handled the queued events. udevd can drop a control connection while
     * a restart-heavy test keeps it busy ("Failed to wait for daemon to reply: Broken pipe"); a
     * settle that lost its connection is asked again, and one that times out, or is dropped
     * three times, fails the test.
     */
    public static void settle() {
        Shell.Out out = null;
        for (int i = 0; i < 3; i++) {
            out = Shell.run("udevadm", "settle", "--timeout=30");
            if (out.exit() == 0 || !out.stderr().contains("Failed to wait for daemon to reply")) {
                break;
            }
        }
        out.ok();
    }

    /** Puts ttyS0 and the consoles the tests use back as udev had them. */
    public static void restoreAll() {
        for (String name : new String[] {"ttyS0", "tty5", "tty6"}) {
            event(name, "add");
        }
    }
}
