package org.ctplug.sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * libc's calls on paths and file descriptors. Every descriptor is opened close-on-exec: ctplug
 * forks lxc-* and pct, which must not inherit them.
 */
public final class FileCalls {
    // include/uapi/asm-generic/fcntl.h
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 01;
    public static final int O_RDWR = 02;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_TRUNC = 01000;
    public static final int O_NOFOLLOW = Libc.ARM ? 0100000 : 0400000;
    public static final int O_DIRECTORY = Libc.ARM ? 040000 : 0200000;
    public static final int O_PATH = 010000000;
    private static final int O_CLOEXEC = 02000000;
    // include/uapi/linux/fcntl.h
    public static final int AT_FDCWD = -100;
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    public static final int AT_EMPTY_PATH = 0x1000;
    private static final int AT_REMOVEDIR = 0x200;
    /** PATH_MAX (include/uapi/linux/limits.h): no symlink holds a longer target. */
    private static final int PATH_MAX = 4096;
    /** A sysfs attribute's most; files larger are read in growing steps. */
    private static final int PAGE = 4096;
    /**
     * Each thread's buffer for reads and link targets, copied out at their length: a plug reads
     * dozens of small attributes and links, and a buffer of their own each came to a young
     * collection every few events.
     */
    private static final ThreadLocal<byte[]> SCRATCH = new ThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[PATH_MAX + 1];
        }
    };
    // <sys/file.h>
    public static final int LOCK_EX = 2;
    public static final int LOCK_NB = 4;
    public static final int LOCK_UN = 8;
    // the device file types (<sys/stat.h>), to OR into mknod's mode
    public static final int S_IFCHR = 0020000;
    public static final int S_IFBLK = 0060000;
    // include/uapi/linux/eventfd.h, poll.h
    public static final int EFD_NONBLOCK = 04000;
    private static final int EFD_CLOEXEC = O_CLOEXEC;
    public static final short POLLIN = 0x1;
    public static final short POLLPRI = 0x2;
    public static final short POLLERR = 0x8;
    public static final short POLLNVAL = 0x20;

    // struct statx has one layout on every architecture (include/uapi/linux/stat.h): 256 bytes,
    // stx_uid at 20, stx_gid at 24, stx_mode (16 bits) at 28, stx_ino at 32,
    // stx_rdev_major/minor at 128/132, stx_dev_major/minor at 136/140
    private static final int STATX_SIZE = 256;
    private static final int STATX_TYPE_MODE_UID_GID_INO = 0x1 | 0x2 | 0x8 | 0x10 | 0x100;
    // struct statfs on 64-bit Linux starts with the long f_type (asm-generic/statfs.h): 120 bytes
    private static final int STATFS_SIZE = 120;
    /** struct pollfd {int fd; short events; short revents;} */
    private static final int POLLFD_SIZE = 8;

    private FileCalls() {
    }

    public static int open(String path, int flags, int mode) throws ErrnoException {
        return ErrnoException.check(Libc.open(Libc.c(path, "open", path), flags | O_CLOEXEC, mode), "open", path);
    }

    /** openat relative to a directory fd; {@code what} names the file in messages. */
    public static int openat(int dirFd, String name, int flags, int mode, String what) throws ErrnoException {
        return ErrnoException.check(Libc.openat(dirFd, Libc.c(name, "openat", what), flags | O_CLOEXEC, mode), "openat",
                what);
    }

    /** Errors are ignored: the descriptor is gone either way (close(2), NOTES). */
    public static void close(int fd) {
        Libc.close(fd);
    }

    /** Reads up to buf's length into buf; 0 at the end of the file. */
    public static int read(int fd, byte[] buf, String what) throws ErrnoException {
        return (int) ErrnoException.check(Libc.read(fd, buf, buf.length), "read", what);
    }

    /**
     * The first {@code max} bytes of the file at path (followed if a symlink), in as few reads as
     * it takes: sysfs gives an attribute whole in the first read, and 0 in the next. The reads go
     * to the thread's scratch buffer, so a small file costs one array of its own size.
     */
    public static byte[] readFile(String path, int max) throws ErrnoException {
        int fd = open(path, O_RDONLY, 0);
        try {
            byte[] scratch = SCRATCH.get();
            byte[] out = null;
            int n = 0;
            while (n < max) {
                int got = (int) ErrnoException.check(
                        Libc.read(fd, scratch, Math.min(PAGE, max - n)), "read", path);
                if (got == 0) {
                    break;
                }
                if (out == null) {
                    out = java.util.Arrays.copyOf(scratch, got);
                } else {
                    if (n + got > out.length) {
                        out = java.util.Arrays.copyOf(out, (int) Math.min(max, Math.max(n + got, 2L * out.length)));
                    }
                    System.arraycopy(scratch, 0, out, n, got);
                }
                n += got;
            }
            if (out == null) {
                return new byte[0];
            }
            return n == out.length ? out : java.util.Arrays.copyOf(out, n);
        } finally {
            close(fd);
        }
    }

    /** As {@link #readFile}; empty when nothing is there (ENOENT, ENOTDIR) or it is a directory (EISDIR). */
    public static java.util.Optional<byte[]> readIfPresent(String path, int max) throws ErrnoException {
        try {
            return java.util.Optional.of(readFile(path, max));
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT || e.errno() == Errno.ENOTDIR || e.errno() == Errno.EISDIR) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }

    /** What the symlink at path holds; empty when path is no symlink (EINVAL) or nothing is there. */
    public static java.util.Optional<String> readlinkIfPresent(String path) throws ErrnoException {
        try {
            return java.util.Optional.of(readlinkat(AT_FDCWD, path, path));
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EINVAL || e.errno() == Errno.ENOENT || e.errno() == Errno.ENOTDIR) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }

    public static long write(int fd, byte[] data, String what) throws ErrnoException {
        return ErrnoException.check(Libc.write(fd, data, data.length), "write", what);
    }

    public static void mkdirat(int dirFd, String name, int mode, String what) throws ErrnoException {
        ErrnoException.check(Libc.mkdirat(dirFd, Libc.c(name, "mkdirat", what), mode), "mkdirat", what);
    }

    /** Unlinks a symlink itself, never what it names. */
    public static void unlinkat(int dirFd, String name, String what) throws ErrnoException {
        ErrnoException.check(Libc.unlinkat(dirFd, Libc.c(name, "unlinkat", what), 0), "unlinkat", what);
    }

    /** rmdir of name below dirFd: ENOTEMPTY (or EEXIST) when it holds anything. */
    public static void rmdirat(int dirFd, String name, String what) throws ErrnoException {
        ErrnoException.check(Libc.unlinkat(dirFd, Libc.c(name, "unlinkat", what), AT_REMOVEDIR), "unlinkat",
                what);
    }

    /** Makes a symlink holding {@code target} at name below dirFd, owned by the thread's fs ids. */
    public static void symlinkat(String target, int dirFd, String name, String what) throws ErrnoException {
        ErrnoException.check(Libc.symlinkat(Libc.c(target, "symlinkat", what), dirFd,
                Libc.c(name, "symlinkat", what)), "symlinkat", what);
    }

    /** What the symlink at name below dirFd holds; readlinkat never follows the name itself (EINVAL: no symlink). */
    public static String readlinkat(int dirFd, String name, String what) throws ErrnoException {
        byte[] buf = SCRATCH.get();
        long n = ErrnoException.check(Libc.readlinkat(dirFd, Libc.c(name, "readlinkat", what), buf, PATH_MAX + 1),
                "readlinkat", what);
        if (n > PATH_MAX) {
            throw new ErrnoException("readlinkat", what, Errno.ENAMETOOLONG);
        }
        return new String(buf, 0, (int) n, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The names in the directory open at fd (not O_PATH), "." and ".." and names that are no
     * UTF-8 left out, in the order the file system gives: getdents64(2) into the thread's scratch page, where a
     * {@code java.nio} directory stream builds a path, a lock and an iterator per listing.
     */
    public static java.util.List<String> names(int fd, String what) throws ErrnoException {
        byte[] buf = SCRATCH.get();
        java.util.List<String> names = new java.util.ArrayList<>();
        long n;
        while ((n = ErrnoException.check(Libc.getdents64(fd, buf, buf.length), "getdents64", what)) > 0) {
            // struct linux_dirent64 {u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[];},
            // little-endian on both of Libc's platforms
            for (int at = 0; at < n; ) {
                int reclen = (buf[at + 16] & 0xff) | (buf[at + 17] & 0xff) << 8;
                int end = at + 19;
                while (buf[end] != 0) {
                    end++;
                }
                Optional<String> name = utf8(buf, at + 19, end - at - 19);
                if (name.isPresent() && !name.get().equals(".") && !name.get().equals("..")) {
                    names.add(name.get());
                }
                at += reclen;
            }
        }
        return names;
    }

    /**
     * The name in UTF-8, as ctplug encodes names for libc; empty when it is no UTF-8: decoded with
     * replacement characters it would name another file, so such an entry is left out of a
     * listing (ctplug never made it, and never touches it).
     */
    private static Optional<String> utf8(byte[] buf, int from, int length) {
        try {
            return Optional.of(java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(buf, from, length)).toString());
        } catch (java.nio.charset.CharacterCodingException e) {
            return Optional.empty();
        }
    }

    public static void fchdir(int fd, String what) throws ErrnoException {
        ErrnoException.check(Libc.fchdir(fd), "fchdir", what);
    }

    /** @param dev a Linux dev_t (glibc's makedev) */
    public static void mknod(String path, int mode, long dev) throws ErrnoException {
        ErrnoException.check(Libc.mknod(Libc.c(path, "mknod", path), mode, dev), "mknod", path);
    }

    public static void chown(String path, int uid, int gid) throws ErrnoException {
        ErrnoException.check(Libc.chown(Libc.c(path, "chown", path), uid, gid), "chown", path);
    }

    /** Sets the permission bits exactly: chmod(2) is not cut by the umask, as mknod's mode is. */
    public static void chmod(String path, int mode) throws ErrnoException {
        ErrnoException.check(Libc.chmod(Libc.c(path, "chmod", path), mode), "chmod", path);
    }

    /** Replaces whatever is at {@code to} with {@code from} in one step (rename(2)). */
    public static void rename(String from, String to) throws ErrnoException {
        String what = from + " to " + to;
        ErrnoException.check(Libc.rename(Libc.c(from, "rename", what), Libc.c(to, "rename", what)), "rename", what);
    }

    public static void flock(int fd, int operation, String what) throws ErrnoException {
        ErrnoException.check(Libc.flock(fd, operation), "flock", what);
    }

    /** statx of path below dirFd ({@link #AT_FDCWD} for the working directory), as flags say. */
    public static Statx statx(int dirFd, String path, int flags, String what) throws ErrnoException {
        byte[] buf = new byte[STATX_SIZE];
        ErrnoException.check(Libc.statx(dirFd, Libc.c(path, "statx", what), flags, STATX_TYPE_MODE_UID_GID_INO, buf),
                "statx", what);
        ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
        return new Statx(Short.toUnsignedInt(b.getShort(28)), b.getInt(20), b.getInt(24), b.getLong(32),
                b.getInt(136), b.getInt(140), b.getInt(128), b.getInt(132));
    }

    /** What fd refers to, itself even when it is a symlink opened with O_PATH|O_NOFOLLOW. */
    public static Statx fstatx(int fd, String what) throws ErrnoException {
        return statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, what);
    }

    /** The file-system type of what fd is on: statfs f_type (include/uapi/linux/magic.h). */
    public static long fsType(int fd, String what) throws ErrnoException {
        byte[] buf = new byte[STATFS_SIZE];
        ErrnoException.check(Libc.fstatfs(fd, buf), "fstatfs", what);
        return ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder()).getLong(0);
    }

    public static int eventfd(int flags) throws ErrnoException {
        return ErrnoException.check(Libc.eventfd(0, flags | EFD_CLOEXEC), "eventfd", "0");
    }

    /** The revents of each fd, polled for {@code events}; all zero when the timeout passed. */
    public static short[] poll(int[] fds, short events, int timeoutMs) throws ErrnoException {
        ByteBuffer b = ByteBuffer.allocate(POLLFD_SIZE * fds.length).order(ByteOrder.nativeOrder());
        for (int i = 0; i < fds.length; i++) {
            b.putInt(POLLFD_SIZE * i, fds[i]).putShort(POLLFD_SIZE * i + 4, events);
        }
        byte[] pollfds = b.array();
        ErrnoException.check(Libc.poll(pollfds, fds.length, timeoutMs), "poll", fds.length + " descriptors");
        short[] revents = new short[fds.length];
        ByteBuffer r = ByteBuffer.wrap(pollfds).order(ByteOrder.nativeOrder());
        for (int i = 0; i < fds.length; i++) {
            revents[i] = r.getShort(POLLFD_SIZE * i + 6);
        }
        return revents;
    }
}
