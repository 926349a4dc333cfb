package org.ctplug.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Mount points as /proc/self/mountinfo lists them (proc(5)); parsing is pure. */
final class MountTable {
    private static final Path SELF = Path.of("/proc/self/mountinfo");

    private MountTable() {
    }

    static boolean isMountPoint(Path dir) throws IOException {
        return mountPoints(Files.readString(SELF)).contains(dir.toAbsolutePath().normalize().toString());
    }

    /** Field 5 of each line, with the kernel's octal escapes (\040 for space etc.) decoded. */
    static List<String> mountPoints(String mountinfo) {
        return mountinfo.lines()
                .map(line -> line.split(" "))
                .filter(fields -> fields.length > 4)
                .map(fields -> unescape(fields[4]))
                .toList();
    }

    // fs/proc_namespace.c show_mountinfo uses seq_path(..., " \t\n\\"): those four bytes
    // appear as a backslash and three octal digits
    static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }
}
