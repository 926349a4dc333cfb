package org.ctplug.device;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.ctplug.sys.FileCalls;

/** Reads sysfs attribute files, whose content partly comes from the device itself. */
final class SysfsFiles {
    /** A sysfs attribute is at most one page. */
    private static final int MAX_BYTES = 4096;
    /** USB string descriptors hold at most 126 UTF-16 units; anything longer is not a descriptor. */
    static final int MAX_CHARS = 256;

    private SysfsFiles() {}

    /**
     * The attribute as the device sent it: one trailing newline (added by the kernel) removed,
     * invalid UTF-8 replaced, control characters kept (the views escape them), capped.
     */
    static Optional<String> untrusted(Path file) throws IOException {
        // one open and read, no stat first: a uevent reads a dozen attributes, most of them absent
        Optional<byte[]> read = FileCalls.readIfPresent(file.toString(), MAX_BYTES);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = read.get();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\n') {
            length--;
        }
        // new String(...) replaces malformed input with U+FFFD.
        String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
        if (text.codePointCount(0, text.length()) > MAX_CHARS) {
            text = text.substring(0, text.offsetByCodePoints(0, MAX_CHARS));
        }
        return Optional.of(text);
    }

    /** An attribute the kernel formats itself (dev, idVendor, bInterfaceNumber): trimmed. */
    static Optional<String> kernel(Path file) throws IOException {
        return untrusted(file).map(String::strip);
    }

    /** {@code KEY=VALUE} lines of a {@code uevent} attribute. */
    static Map<String, String> uevent(Path file) throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String line : untrusted(file).orElse("").split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }

    /** A {@code dev} attribute ({@code MAJOR:MINOR}) as the {@code MAJOR} and {@code MINOR} a {@code uevent} holds; empty without one. */
    static Map<String, String> dev(Path file) throws IOException {
        String dev = kernel(file).orElse("");
        int colon = dev.indexOf(':');
        return colon < 0 ? Map.of() : Map.of("MAJOR", dev.substring(0, colon), "MINOR", dev.substring(colon + 1));
    }

    /** The last path element of a symlink's target, e.g. the driver name behind {@code driver}. */
    static Optional<String> linkName(Path link) throws IOException {
        Optional<String> target = link(link);
        if (target.isEmpty()) {
            return Optional.empty();
        }
        String t = target.get();
        int end = t.length();
        while (end > 0 && t.charAt(end - 1) == '/') {
            end--;
        }
        String name = t.substring(t.lastIndexOf('/', end - 1) + 1, end);
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }

    /**
     * The subsystem each directory's {@code subsystem} link names (the bus or class the driver
     * core put it on), each read once while one device is read: its identity and its driver are
     * found walking up the same directories.
     */
    static final class Subsystems {
        private final Map<Path, Optional<String>> seen = new HashMap<>();

        Optional<String> of(Path dir) throws IOException {
            Optional<String> s = seen.get(dir);
            if (s == null) {
                s = linkName(dir.resolve("subsystem"));
                seen.put(dir, s);
            }
            return s;
        }
    }

    /** What a symlink holds, read with one readlink; empty when it is no symlink or not there. */
    static Optional<String> link(Path link) throws IOException {
        return FileCalls.readlinkIfPresent(link.toString());
    }
}
