package org.ctplug.device;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ctplug.sys.FileCalls;

/** Reads udev's per-device database file {@code /run/udev/data/c<major>:<minor>}. */
final class UdevDatabase {
    /** Far more than udev's entry for any device holds (its links, tags and properties). */
    private static final int MAX_BYTES = 16 << 20;

    private UdevDatabase() {}

    /** The device's symlinks: udev stores each as an {@code S:} line relative to /dev. */
    static List<String> links(Path dbFile) throws IOException {
        // one open and read, as for sysfs attributes; a device's entry is a few hundred bytes
        Optional<byte[]> read = FileCalls.readIfPresent(dbFile.toString(), MAX_BYTES);
        if (read.isEmpty()) {
            return List.of();
        }
        String content = new String(read.get(), StandardCharsets.UTF_8);
        List<String> links = new ArrayList<>();
        for (String line : content.split("\n")) {
            if (line.startsWith("S:") && line.length() > 2) {
                links.add("/dev/" + line.substring(2));
            }
        }
        links.sort(null);
        return List.copyOf(links);
    }
}
