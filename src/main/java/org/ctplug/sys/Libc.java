package org.ctplug.sys;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

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

    static native int open(String path, int flags, int mode);

    static native int openat(int dirfd, String path, int flags, int mode);

    static native int close(int fd);

    static native long read(int fd, byte[] buf, long count);

    static native long write(int fd, byte[] buf, long count);

    static native int mkdirat(int dirfd, String path, int mode);

    static native int unlinkat(int dirfd, String path, int flags);

    static native int symlinkat(String target, int newdirfd, String linkpath);

    static native long readlinkat(int dirfd, String path, byte[] buf, long bufsiz);

    /** glibc 2.30 and later: struct linux_dirent64 records (getdents64(2)). */
    static native long getdents64(int fd, byte[] dirp, long count);

    static native int fchdir(int fd);

    /** glibc exports mknod as a plain symbol since 2.33 (Debian 12: 2.36). */
    static native int mknod(String path, int mode, long dev);

    static native int chown(String path, int uid, int gid);

    static native int chmod(String path, int mode);

    static native int rename(String oldpath, String newpath);

    static native int flock(int fd, int operation);

    /** glibc's statx(2) wrapper (2.28 and later). */
    static native int statx(int dirfd, String path, int flags, int mask, byte[] buf);

    static native int fstatfs(int fd, byte[] buf);

    static native int poll(byte[] fds, long nfds, int timeoutMs);

    static native int eventfd(int initval, int flags);

    static native int unshare(int flags);

    static native int setns(int fd, int nstype);

    static native int chroot(String path);

    static native int mount(String source, String target, String fstype, long flags, String data);

    static native int umount2(String target, int flags);

    static native int setfsuid(int fsuid);

    static native int setfsgid(int fsgid);

    /** glibc's malloc_trim(3): frees the heap's unused pages, in every arena. */
    static native int malloc_trim(long pad);

    /** sched_setscheduler(2); {@code param} is struct sched_param, one int. */
    static native int sched_setscheduler(int pid, int policy, int[] param);

    // syscall(2) is variadic in C; every argument is passed as a full register (long or
    // pointer) so no int is left with undefined upper bits
    static native long syscall(long number, long dfd, String path, long flags);

    static native long syscall(long number, long fromDfd, String fromPath, long toDfd, String toPath, long flags);

    static native long syscall(long number, long a, long b, long c, long d);

    static native int socket(int domain, int type, int protocol);

    static native int bind(int fd, byte[] addr, int len);

    static native int connect(int fd, byte[] addr, int len);

    static native int getsockname(int fd, byte[] addr, int[] len);

    static native int setsockopt(int fd, int level, int name, byte[] value, int len);

    static native long send(int fd, byte[] buf, long len, int flags);

    static native long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen);

    static native long recv(int fd, byte[] buf, long len, int flags);

    static native long recvmsg(int fd, Pointer msg, int flags);
}
