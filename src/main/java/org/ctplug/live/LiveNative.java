package org.ctplug.live;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;

/**
 * Every libc call live injection makes. Failures become IOExceptions carrying the call, its
 * path and strerror(errno). Loaded on a host thread before any namespace switch: once a thread
 * has joined a container's mount namespace, files on the host (jars, class files) are out of reach.
 */
final class LiveNative {
    // include/uapi/linux/sched.h
    static final int CLONE_FS = 0x0000_0200;
    static final int CLONE_NEWNS = 0x0002_0000;
    // asm-generic/errno-base.h, errno.h
    static final int ENOENT = 2;
    static final int EEXIST = 17;
    static final int EINVAL = 22;
    static final int ESRCH = 3;
    static final int EACCES = 13;
    static final int ENOTDIR = 20;
    static final int ENOTEMPTY = 39;
    static final int ELOOP = 40;
    // include/uapi/asm-generic/fcntl.h; arm and arm64 move O_DIRECTORY and O_NOFOLLOW
    // (arch/arm64/include/uapi/asm/fcntl.h)
    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_NOFOLLOW = com.sun.jna.Platform.isARM() ? 0100000 : 0400000;
    static final int O_CLOEXEC = 02000000;
    static final int O_DIRECTORY = com.sun.jna.Platform.isARM() ? 040000 : 0200000;
    static final int O_PATH = 010000000;
    // include/uapi/linux/fcntl.h, stat.h, magic.h
    static final int AT_EMPTY_PATH = 0x1000;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int AT_REMOVEDIR = 0x200;
    static final long TMPFS_MAGIC = 0x01021994L;
    private static final int STATX_INO = 0x100;
    // struct statx (include/uapi/linux/stat.h), one layout everywhere: 256 bytes, stx_mode at 28,
    // stx_ino at 32, stx_dev_major/minor at 136/140
    private static final int STATX_SIZE = 256;
    private static final int STATX_TYPE_MODE = 0x1 | 0x2;
    // struct statfs on 64-bit Linux starts with the long f_type (asm-generic/statfs.h)
    private static final int STATFS_SIZE = 120;
    // include/uapi/linux/mount.h, fs.h
    static final int OPEN_TREE_CLONE = 1;
    static final int OPEN_TREE_CLOEXEC = O_CLOEXEC;
    static final int MOVE_MOUNT_F_EMPTY_PATH = 0x04;
    static final int MNT_DETACH = 2;
    static final int UMOUNT_NOFOLLOW = 8;
    static final long MS_NOSUID = 2;
    static final long MS_NOEXEC = 8;
    static final int AT_FDCWD = -100;
    // open_tree and move_mount came with Linux 5.2 and are numbered alike on x86_64 and
    // aarch64 (asm-generic/unistd.h and arch/x86/entry/syscalls/syscall_64.tbl): 428, 429
    private static final long SYS_OPEN_TREE = 428;
    private static final long SYS_MOVE_MOUNT = 429;
    // pidfd_open (5.3) and pidfd_send_signal (5.1): 434 and 424 on both as well
    private static final long SYS_PIDFD_OPEN = 434;
    private static final long SYS_PIDFD_SEND_SIGNAL = 424;

    interface LibC extends Library {
        int setns(int fd, int nstype);

        int unshare(int flags);

        // syscall(2) is variadic in C; every argument is passed as a full register (long or
        // pointer) so no int is left with undefined upper bits
        long syscall(long number, long dfd, String path, long flags);

        long syscall(long number, long fromDfd, String fromPath, long toDfd, String toPath, long flags);

        long syscall(long number, long a, long b, long c, long d);

        int umount2(String target, int flags);

        int openat(int dirfd, String path, int flags, int mode);

        int mkdirat(int dirfd, String path, int mode);

        int unlinkat(int dirfd, String path, int flags);

        int symlinkat(String target, int newdirfd, String linkpath);

        long readlinkat(int dirfd, String path, byte[] buf, long bufsiz);

        int fchdir(int fd);

        int fstatfs(int fd, byte[] buf);

        int statx(int dirfd, String path, int flags, int mask, byte[] buf);

        int mount(String source, String target, String fstype, long flags, String data);

        int setfsuid(int fsuid);

        int setfsgid(int fsgid);

        int open(String path, int flags, int mode);

        int close(int fd);

        String strerror(int errnum);
    }

    private static final LibC LIBC = Native.load("c", LibC.class);

    private LiveNative() {
    }

    /** Forces loading of this class and libc on the calling (host) thread. */
    static void load() {
        LIBC.getClass();
    }

    static int errno() {
        return Native.getLastError();
    }

    static IOException failure(String call, String path, int errno) {
        return new IOException(call + "(" + path + ") failed: " + LIBC.strerror(errno) + " (errno " + errno + ")");
    }

    private static int check(int result, String call, String path) throws IOException {
        if (result < 0) {
            throw failure(call, path, errno());
        }
        return result;
    }

    static int open(String path, int flags, int mode) throws IOException {
        return check(LIBC.open(path, flags | O_CLOEXEC, mode), "open", path);
    }

    static void close(int fd) {
        LIBC.close(fd);
    }

    static void unshareFs() throws IOException {
        check(LIBC.unshare(CLONE_FS), "unshare", "CLONE_FS");
    }

    static void setnsMount(int fd, String what) throws IOException {
        check(LIBC.setns(fd, CLONE_NEWNS), "setns", what);
    }

    /** A detached copy of the mount at path, as an fd that move_mount can attach elsewhere. */
    static int openTreeClone(String path) throws IOException {
        long fd = LIBC.syscall(SYS_OPEN_TREE, AT_FDCWD, path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
        return check((int) fd, "open_tree", path);
    }

    static void mountTmpfs(String target, long flags, String data) throws IOException {
        check(LIBC.mount("ctplug", target, "tmpfs", flags, data), "mount", target);
    }

    /** setfsuid/setfsgid report no errors; they only act on the calling thread's credentials. */
    static void setFsIds(long uid, long gid) {
        LIBC.setfsgid((int) gid);
        LIBC.setfsuid((int) uid);
    }

    /** openat relative to a directory fd; the caller passes O_NOFOLLOW where it must not follow. */
    static int openAt(int dirFd, String name, int flags, int mode, String shown) throws IOException {
        return check(LIBC.openat(dirFd, name, flags | O_CLOEXEC, mode), "openat", shown);
    }

    /** openat that gives the errno instead of throwing: a negative errno, or the fd. */
    static int tryOpenAt(int dirFd, String name, int flags) {
        int fd = LIBC.openat(dirFd, name, flags | O_CLOEXEC, 0);
        return fd < 0 ? -errno() : fd;
    }

    /** mkdirat that accepts an existing entry (the caller then opens it without following). */
    static void mkdirAtIfMissing(int dirFd, String name, int mode, String shown) throws IOException {
        if (LIBC.mkdirat(dirFd, name, mode) < 0) {
            int errno = errno();
            if (errno != EEXIST) {
                throw failure("mkdirat", shown, errno);
            }
        }
    }

    /** unlinkat that accepts a missing entry; unlinks a symlink itself, never what it names. */
    static void unlinkAtIfPresent(int dirFd, String name, String shown) throws IOException {
        if (LIBC.unlinkat(dirFd, name, 0) < 0) {
            int errno = errno();
            if (errno != ENOENT) {
                throw failure("unlinkat", shown, errno);
            }
        }
    }

    /** Makes a symlink holding {@code target} at name below dirFd, with the thread's fs ids. */
    static void symlinkAt(String target, int dirFd, String name, String shown) throws IOException {
        check(LIBC.symlinkat(target, dirFd, name), "symlinkat", shown);
    }

    /**
     * What the symlink at name below dirFd holds; empty when nothing is there. readlinkat never
     * follows the name itself.
     *
     * @throws IOException when something other than a symlink is there (EINVAL)
     */
    static java.util.Optional<String> readlinkAt(int dirFd, String name, String shown) throws IOException {
        // PATH_MAX (include/uapi/linux/limits.h) holds every target; one byte more tells a cut one
        byte[] buf = new byte[4097];
        long n = LIBC.readlinkat(dirFd, name, buf, buf.length);
        if (n < 0) {
            int errno = errno();
            if (errno == ENOENT) {
                return java.util.Optional.empty();
            }
            if (errno == EINVAL) {
                throw new IOException(shown + " is not a symlink; left alone");
            }
            throw failure("readlinkat", shown, errno);
        }
        if (n >= buf.length) {
            throw new IOException(shown + " holds a target longer than PATH_MAX; left alone");
        }
        return java.util.Optional.of(new String(buf, 0, (int) n, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** rmdir of name below dirFd; false when it is not there, not empty, or no directory. */
    static boolean removeDirAtIfEmpty(int dirFd, String name, String shown) throws IOException {
        if (LIBC.unlinkat(dirFd, name, AT_REMOVEDIR) == 0) {
            return true;
        }
        int errno = errno();
        // rmdir(2): ENOTEMPTY, or EEXIST, for a directory that is not empty
        if (errno == ENOENT || errno == ENOTEMPTY || errno == EEXIST || errno == ENOTDIR) {
            return false;
        }
        throw failure("unlinkat", shown, errno);
    }

    static void fchdir(int fd, String shown) throws IOException {
        check(LIBC.fchdir(fd), "fchdir", shown);
    }

    /** The file-system type of what fd is on (statfs f_type, include/uapi/linux/magic.h). */
    static long fsType(int fd, String shown) throws IOException {
        byte[] buf = new byte[STATFS_SIZE];
        check(LIBC.fstatfs(fd, buf), "fstatfs", shown);
        return java.nio.ByteBuffer.wrap(buf).order(java.nio.ByteOrder.nativeOrder()).getLong(0);
    }

    /** File type bits, inode and device of what fd refers to (itself, when it is an O_PATH symlink). */
    record Identity(int mode, long inode, int devMajor, int devMinor) {
        boolean isSymlink() {
            return (mode & 0170000) == 0120000;
        }

        boolean sameFile(Identity other) {
            return inode == other.inode && devMajor == other.devMajor && devMinor == other.devMinor;
        }
    }

    static Identity identity(int fd, String shown) throws IOException {
        return statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, shown);
    }

    static Identity identity(String path) throws IOException {
        return statx(AT_FDCWD, path, 0, path);
    }

    /** As {@link #identity(String)}, empty when the path may not be looked at (EACCES). */
    static java.util.Optional<Identity> identityIfPermitted(String path) throws IOException {
        byte[] buf = new byte[STATX_SIZE];
        if (LIBC.statx(AT_FDCWD, path, 0, STATX_TYPE_MODE | STATX_INO, buf) < 0) {
            int errno = errno();
            if (errno == EACCES) {
                return java.util.Optional.empty();
            }
            throw failure("statx", path, errno);
        }
        return java.util.Optional.of(identity(buf));
    }

    private static Identity statx(int dirFd, String path, int flags, String shown) throws IOException {
        byte[] buf = new byte[STATX_SIZE];
        check(LIBC.statx(dirFd, path, flags, STATX_TYPE_MODE | STATX_INO, buf), "statx", shown);
        return identity(buf);
    }

    private static Identity identity(byte[] buf) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(buf).order(java.nio.ByteOrder.nativeOrder());
        return new Identity(Short.toUnsignedInt(b.getShort(28)), b.getLong(32), b.getInt(136), b.getInt(140));
    }

    /** A pidfd: it names one process for as long as it is open, whatever becomes of its PID. */
    static int pidfdOpen(int pid) throws IOException {
        return check((int) LIBC.syscall(SYS_PIDFD_OPEN, pid, 0, 0, 0), "pidfd_open", "PID " + pid);
    }

    /** Signal 0 through a pidfd: false once the process it names has exited (ESRCH). */
    static boolean alive(int pidfd, int pid) throws IOException {
        if (LIBC.syscall(SYS_PIDFD_SEND_SIGNAL, pidfd, 0, 0, 0) == 0) {
            return true;
        }
        int errno = errno();
        if (errno == ESRCH) {
            return false;
        }
        throw failure("pidfd_send_signal", "PID " + pid, errno);
    }

    /** Attaches a detached tree at name below the directory dirFd; a symlink there is not followed. */
    static void moveMountAt(int treeFd, int dirFd, String name, String shown) throws IOException {
        long r = LIBC.syscall(SYS_MOVE_MOUNT, treeFd, "", dirFd, name, MOVE_MOUNT_F_EMPTY_PATH);
        check((int) r, "move_mount", shown);
    }

    /**
     * Lazily detaches the topmost mount at name in the working directory (which the caller set
     * with fchdir to a directory it resolved itself); false when nothing is mounted there.
     */
    static boolean detachHere(String name, String shown) throws IOException {
        if (LIBC.umount2(name, MNT_DETACH | UMOUNT_NOFOLLOW) == 0) {
            return true;
        }
        int errno = errno();
        if (errno == EINVAL || errno == ENOENT) {
            return false;
        }
        throw failure("umount2", shown, errno);
    }
}
