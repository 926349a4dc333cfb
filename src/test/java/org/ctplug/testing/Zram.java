package org.ctplug.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real zram block devices, added and removed through {@code /sys/class/zram-control}: the kernel
 * emits real add and remove uevents for them (drivers/block/zram/zram_drv.c). {@code hot_add}
 * prints the new index, the lowest free one, so a re-added device usually gets its old minor back.
 * The major is dynamic: it is read from sysfs, never assumed.
 */
public final class Zram implements AutoCloseable {
    private static final Path CONTROL = Path.of("/sys/class/zram-control");
    private final List<Integer> added = new ArrayList<>();

    /** Adds a device and returns its index. */
    public int add() {
        try {
            int index = Integer.parseInt(Files.readString(CONTROL.resolve("hot_add")).strip());
            added.add(index);
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException("zram hot_add (is the zram module loaded?)", e);
        }
    }

    /** Removes the device: its sysfs entry goes, as on a real unplug. */
    public void remove(int index) {
        try {
            Files.writeString(CONTROL.resolve("hot_remove"), String.valueOf(index));
            added.remove(Integer.valueOf(index));
        } catch (IOException e) {
            throw new UncheckedIOException("zram hot_remove " + index, e);
        }
    }

    public static String dev(int index) {
        try {
            return Files.readString(Path.of("/sys/block/zram" + index + "/dev")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (int index : List.copyOf(added)) {
            try {
                remove(index);
            } catch (UncheckedIOException stillOpen) {
                // EBUSY while a container still holds it open: the next run's clean-up removes it
            }
        }
    }
}
