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
        Shell.run("udevadm", "settle").ok();
    }

    /** Puts ttyS0 and the consoles the tests use back as udev had them. */
    public static void restoreAll() {
        for (String name : new String[] {"ttyS0", "tty5", "tty6"}) {
            event(name, "add");
        }
    }
}
