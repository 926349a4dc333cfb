package org.ctplug.posix;

/** The parts of stat(2) ctplug needs. {@code rdev} is the raw Linux dev_t. */
public record FileStatus(int mode, long rdev, int uid, int gid, boolean isCharDevice) {

    /** Linux dev_t layout (glibc sys/sysmacros.h): major is 12 bits at 8, plus bits from 32 up. */
    public int major() {
        return major(rdev);
    }

    public int minor() {
        return minor(rdev);
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
