package org.ctplug.sys;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The one JNA binding of libc in ctplug. Every call returns libc's result as is; the public
 * classes of this package check it and turn a failure into an {@link ErrnoException}. JNA
 * saves errno right after each call, on the calling thread, for {@link #errno()}.
 *
 * <p>Direct mapping: each method is a JNI native that JNA registers once, so a call costs a
 * fraction of a microsecond and no reflection. An interface mapping goes through a
 * {@code java.lang.reflect.Proxy} and converts its arguments on every call (several
 * microseconds each, more while the JIT has not compiled the path, and a uevent costs dozens).
 *
 * <p>Types are those of LP64 Linux (x86_64, aarch64): size_t and ssize_t are {@code long}.
 * (jnr-posix did this first; its jnr-ffi runtime generates call stubs that added 18 MiB to the
 * resident daemon on the first plug.)
 */
final class Libc {
    static {
        Native.register("c");
    }

    private Libc() {
    }

    /** arm and arm64 number O_DIRECTORY and O_NOFOLLOW apart from asm-generic (arch/arm64/include/uapi/asm/fcntl.h). */
    static final boolean ARM = Platform.isARM();

    static int errno() {
        return Native.getLastError();
    }

    /** The empty C string: the path of calls on a descriptor itself (AT_EMPTY_PATH, MOVE_MOUNT_F_EMPTY_PATH). */
    static final byte[] EMPTY = {0};

    /**
     * A path or name as libc takes it: UTF-8, the charset ctplug decodes every name it reads
     * with (link targets, directory entries, uevents), and NUL-terminated; null stays null.
     * JNA would encode a {@code String} in the JVM's native charset, US-ASCII for a service
     * started without a locale (a udev link named after a device's UTF-8 serial lost every
     * character outside ASCII to '?'), and C would end a name at a NUL inside it, naming
     * another file: such a name is refused with EILSEQ, an answer no kernel call gives for a
     * path, so no caller takes it for one of libc's (EINVAL reads as "no symlink" to some).
     */
    static byte[] c(String s, String call, String what) throws ErrnoException {
        if (s == null) {
            return null;
        }
        if (s.isEmpty()) {
            return EMPTY;
        }
        if (s.indexOf('\0') >= 0) {
            throw new ErrnoException(call, what, Errno.EILSEQ);
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(utf8, utf8.length + 1);
    }

    static native int open(byte[] path, int flags, int mode);

    static native int openat(int dirfd, byte[] path, int flags, int mode);

    static native int close(int fd);

    static native long read(int fd, byte[] buf, long count);

    static native long write(int fd, byte[] buf, long count);

    static native int mkdirat(int dirfd, byte[] path, int mode);

    static native int unlinkat(int dirfd, byte[] path, int flags);

    static native int symlinkat(byte[] target, int newdirfd, byte[] linkpath);

    static native long readlinkat(int dirfd, byte[] path, byte[] buf, long bufsiz);

    /** glibc 2.30 and later: struct linux_dirent64 records (getdents64(2)). */
    static native long getdents64(int fd, byte[] dirp, long count);

    static native int fchdir(int fd);

    /** glibc exports mknod as a plain symbol since 2.33 (Debian 12: 2.36). */
    static native int mknod(byte[] path, int mode, long dev);

    static native int chown(byte[] path, int uid, int gid);

    static native int chmod(byte[] path, int mode);

    static native int rename(byte[] oldpath, byte[] newpath);

    static native int flock(int fd, int operation);

    /** glibc's statx(2) wrapper (2.28 and later). */
    static native int statx(int dirfd, byte[] path, int flags, int mask, byte[] buf);

    static native int fstatfs(int fd, byte[] buf);

    static native int poll(byte[] fds, long nfds, int timeoutMs);

    static native int eventfd(int initval, int flags);

    static native int unshare(int flags);

    static native int setns(int fd, int nstype);

    static native int chroot(byte[] path);

    static native int mount(byte[] source, byte[] target, byte[] fstype, long flags, byte[] data);

    static native int umount2(byte[] target, int flags);

    static native int setfsuid(int fsuid);

    static native int setfsgid(int fsgid);

    /** glibc's malloc_trim(3): frees the heap's unused pages, in every arena. */
    static native int malloc_trim(long pad);

    /** sched_setscheduler(2); {@code param} is struct sched_param, one int. */
    static native int sched_setscheduler(int pid, int policy, int[] param);

    // syscall(2) is variadic in C; every argument is passed as a full register (long or
    // pointer) so no int is left with undefined upper bits
    static native long syscall(long number, long dfd, byte[] path, long flags);

    static native long syscall(long number, long fromDfd, byte[] fromPath, long toDfd, byte[] toPath, long flags);

    static native long syscall(long number, long a, long b, long c, long d);

    static native int socket(int domain, int type, int protocol);

    static native int bind(int fd, byte[] addr, int len);

    static native int connect(int fd, byte[] addr, int len);

    static native int listen(int fd, int backlog);

    static native int accept4(int fd, Pointer addr, Pointer len, int flags);

    static native int getsockname(int fd, byte[] addr, int[] len);

    static native int setsockopt(int fd, int level, int name, byte[] value, int len);

    static native long send(int fd, byte[] buf, long len, int flags);

    static native long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen);

    static native long recv(int fd, byte[] buf, long len, int flags);

    static native long recvmsg(int fd, Pointer msg, int flags);
}
