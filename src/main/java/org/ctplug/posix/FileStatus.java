package org.ctplug.posix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/** The parts of stat(2) ctplug needs. {@code rdev} is the raw Linux dev_t. */
public record FileStatus(int mode, long rdev, int uid, int gid, boolean isCharDevice) {

    /** Linux dev_t layout (glibc sys/sysmacros.h): major is 12 bits at 8, plus bits from 32 up. */
    public int major() {
        return major(rdev);
    }

    public int minor() {
        return minor(rdev);
    }

    /**
     * stat(2) through the JDK's "unix" attribute view, which carries st_rdev: no native binding.
     * Symlinks are not followed (a device node is never reached through one here).
     */
    public static FileStatus of(Path path) throws IOException {
        Map<String, Object> st = Files.readAttributes(path, "unix:mode,rdev,uid,gid", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) st.get("mode");
        return new FileStatus(mode, (Long) st.get("rdev"), (Integer) st.get("uid"), (Integer) st.get("gid"),
                (mode & 0170000) == 0020000);
    }

    /** A directory itself, not a symlink to one: the status is lstat(2)'s. */
    public boolean isDirectory() {
        return (mode & 0170000) == 0040000;
    }

    /** The permission bits (including setuid, setgid, sticky). */
    public int permissions() {
        return mode & 07777;
    }

    public static int major(long dev) {
        return (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL));
    }

    public static int minor(long dev) {
        return (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL));
    }

    public static long makedev(int major, int minor) {
        long ma = Integer.toUnsignedLong(major);
        long mi = Integer.toUnsignedLong(minor);
        return (mi & 0xff) | ((ma & 0xfff) << 8) | ((mi & ~0xffL) << 12) | ((ma & ~0xfffL) << 32);
    }
}
