package org.ctplug.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.ctplug.sys.Errno;
import org.ctplug.sys.ErrnoException;
import org.ctplug.sys.FileCalls;

/** The mounts /proc/self/mountinfo lists (proc(5)); parsing is pure. */
public final class MountTable {
    private static final Path SELF = Path.of("/proc/self/mountinfo");

    /** One line: where, what file system, and its super options (for cgroup v1, the controllers). */
    record Mount(String point, String fstype, List<String> superOptions) {}

    private MountTable() {
    }

    public static boolean isMountPoint(Path dir) throws IOException {
        return mountPoints(Files.readString(SELF)).contains(dir.toAbsolutePath().normalize().toString());
    }

    /** /proc/self/mountinfo held open to learn of changes; -1 until the first {@link #devices()}. */
    private static int watch = -1;
    private static java.util.Set<String> devices;

    /**
     * The devices ("major:minor", mountinfo's third field) of every file system mounted here. The
     * table is read again only after it changed: poll(2) on an open mountinfo reports POLLPRI
     * once a mount or unmount happened in its namespace since the last poll (proc(5)), so a live
     * node costs one poll instead of a read of the whole table.
     */
    public static synchronized java.util.Set<String> devices() throws IOException {
        if (watch < 0) {
            watch = FileCalls.open(SELF.toString(), FileCalls.O_RDONLY, 0);
            devices = null;
        }
        short changed;
        try {
            changed = FileCalls.poll(new int[] {watch}, FileCalls.POLLPRI, 0)[0];
        } catch (ErrnoException e) {
            if (e.errno() != Errno.EINTR) {
                throw e;
            }
            // a signal came first (poll is never restarted): whether it changed is unknown, so read it
            changed = FileCalls.POLLPRI;
        }
        if (devices == null || changed != 0) {
            // read after the poll: a change from now on is reported by the next one
            devices = devices(Files.readString(SELF));
        }
        return devices;
    }

    /** The third field of each line (major:minor); a plain scan, as a live node reads this on every plug. */
    static java.util.Set<String> devices(String mountinfo) {
        java.util.Set<String> devices = new java.util.HashSet<>();
        int line = 0;
        while (line < mountinfo.length()) {
            int end = mountinfo.indexOf('\n', line);
            if (end < 0) {
                end = mountinfo.length();
            }
            int first = mountinfo.indexOf(' ', line);
            int second = first < 0 || first >= end ? -1 : mountinfo.indexOf(' ', first + 1);
            if (second >= 0 && second < end) {
                int third = mountinfo.indexOf(' ', second + 1);
                String device = mountinfo.substring(second + 1, third < 0 || third > end ? end : third);
                if (!device.isEmpty()) {
                    devices.add(device);
                }
            }
            line = end + 1;
        }
        return java.util.Set.copyOf(devices);
    }

    /** Where the cgroup v1 devices controller is mounted, if it is. */
    static Optional<Path> v1DevicesMount() {
        try {
            return v1DevicesMount(Files.readString(SELF));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<Path> v1DevicesMount(String mountinfo) {
        return parse(mountinfo).stream()
                .filter(m -> m.fstype().equals("cgroup") && m.superOptions().contains("devices"))
                .map(m -> Path.of(m.point()))
                .findFirst();
    }

    /** Where cgroup2 is mounted: the unified root on a pure cgroup2 host, {@code .../unified} on a hybrid one. */
    public static List<Path> cgroup2Mounts() {
        try {
            return cgroup2Mounts(Files.readString(SELF));
        } catch (IOException e) {
            return List.of();
        }
    }

    static List<Path> cgroup2Mounts(String mountinfo) {
        return parse(mountinfo).stream().filter(m -> m.fstype().equals("cgroup2")).map(m -> Path.of(m.point()))
                .distinct().toList();
    }

    static List<String> mountPoints(String mountinfo) {
        return parse(mountinfo).stream().map(Mount::point).toList();
    }

    /** Fields: id parent maj:min root mountpoint options [optional...] - fstype source superoptions. */
    static List<Mount> parse(String mountinfo) {
        return mountinfo.lines().map(MountTable::mount).flatMap(Optional::stream).toList();
    }

    private static Optional<Mount> mount(String line) {
        String[] f = line.split(" ");
        int dash = line.indexOf(" - ");
        if (f.length < 5 || dash < 0) {
            return Optional.empty();
        }
        String[] tail = line.substring(dash + 3).split(" ");
        List<String> superOptions = tail.length > 2 ? Arrays.asList(tail[2].split(",")) : List.of();
        return Optional.of(new Mount(unescape(f[4]), tail[0], superOptions));
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
