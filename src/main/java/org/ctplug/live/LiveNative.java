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
    // include/uapi/asm-generic/fcntl.h (same values on x86_64 and aarch64)
    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_NOFOLLOW = 0400000;
    static final int O_CLOEXEC = 02000000;
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

    interface LibC extends Library {
        int setns(int fd, int nstype);

        int unshare(int flags);

        // syscall(2) is variadic in C; every argument is passed as a full register (long or
        // pointer) so no int is left with undefined upper bits
        long syscall(long number, long dfd, String path, long flags);

        long syscall(long number, long fromDfd, String fromPath, long toDfd, String toPath, long flags);

        int umount2(String target, int flags);

        int mount(String source, String target, String fstype, long flags, String data);

        int setfsuid(int fsuid);

        int setfsgid(int fsgid);

        int mkdir(String path, int mode);

        int open(String path, int flags, int mode);

        int unlink(String path);

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

    static void moveMount(int treeFd, String target) throws IOException {
        long r = LIBC.syscall(SYS_MOVE_MOUNT, treeFd, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH);
        check((int) r, "move_mount", target);
    }

    /** Lazily detaches the topmost mount at target; false when nothing is mounted there. */
    static boolean detach(String target) throws IOException {
        if (LIBC.umount2(target, MNT_DETACH | UMOUNT_NOFOLLOW) == 0) {
            return true;
        }
        int errno = errno();
        if (errno == EINVAL || errno == ENOENT) {
            return false;
        }
        throw failure("umount2", target, errno);
    }

    static void mountTmpfs(String target, long flags, String data) throws IOException {
        check(LIBC.mount("ctplug", target, "tmpfs", flags, data), "mount", target);
    }

    /** setfsuid/setfsgid report no errors; they only act on the calling thread's credentials. */
    static void setFsIds(long uid, long gid) {
        LIBC.setfsgid((int) gid);
        LIBC.setfsuid((int) uid);
    }

    /** mkdir that accepts an existing entry. */
    static void mkdirIfMissing(String path, int mode) throws IOException {
        if (LIBC.mkdir(path, mode) < 0) {
            int errno = errno();
            if (errno != EEXIST) {
                throw failure("mkdir", path, errno);
            }
        }
    }

    /** unlink that accepts a missing entry. */
    static void unlinkIfPresent(String path) throws IOException {
        if (LIBC.unlink(path) < 0) {
            int errno = errno();
            if (errno != ENOENT) {
                throw failure("unlink", path, errno);
            }
        }
    }
}
