package org.ctplug.device;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads udev's per-device database file {@code /run/udev/data/c<major>:<minor>}. */
final class UdevDatabase {
    private UdevDatabase() {}

    /** The device's symlinks: udev stores each as an {@code S:} line relative to /dev. */
    static List<String> links(Path dbFile) throws IOException {
        String content;
        try {
            content = new String(Files.readAllBytes(dbFile), StandardCharsets.UTF_8);
        } catch (NoSuchFileException absent) {
            return List.of();
        }
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
