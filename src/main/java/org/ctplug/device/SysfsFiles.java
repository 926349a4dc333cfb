package org.ctplug.device;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

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
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES);
        }
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

    /** The last path element of a symlink's target, e.g. the driver name behind {@code driver}. */
    static Optional<String> linkName(Path link) throws IOException {
        if (!Files.isSymbolicLink(link)) {
            return Optional.empty();
        }
        Path target = Files.readSymbolicLink(link).getFileName();
        return target == null ? Optional.empty() : Optional.of(target.toString());
    }
}
