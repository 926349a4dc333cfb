package org.ctplug.sys;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The one JNA binding of libc in ctplug. Every call returns libc's result as is; the public
 * classes of this package check it and turn a failure into an {@link ErrnoException}. JNA
 * saves errno right after each call, on the calling thread, for {@link #errno()}.
 *
 * <p>Types are those of LP64 Linux (x86_64, aarch64): size_t and ssize_t are {@code long}.
 * (jnr-posix did this first; its jnr-ffi runtime generates call stubs that added 18 MiB to the
 * resident daemon on the first plug.)
 */
interface Libc extends Library {
    Libc C = Native.load("c", Libc.class);

    /** arm and arm64 number O_DIRECTORY and O_NOFOLLOW apart from asm-generic (arch/arm64/include/uapi/asm/fcntl.h). */
    boolean ARM = Platform.isARM();

    static int errno() {
        return Native.getLastError();
    }

    int open(String path, int flags, int mode);

    int openat(int dirfd, String path, int flags, int mode);

    int close(int fd);

    long write(int fd, byte[] buf, long count);

    int mkdirat(int dirfd, String path, int mode);

    int unlinkat(int dirfd, String path, int flags);

    int symlinkat(String target, int newdirfd, String linkpath);

    long readlinkat(int dirfd, String path, byte[] buf, long bufsiz);

    int fchdir(int fd);

    /** glibc exports mknod as a plain symbol since 2.33 (Debian 12: 2.36). */
    int mknod(String path, int mode, long dev);

    int chown(String path, int uid, int gid);

    int flock(int fd, int operation);

    /** glibc's statx(2) wrapper (2.28 and later). */
    int statx(int dirfd, String path, int flags, int mask, byte[] buf);

    int fstatfs(int fd, byte[] buf);

    int poll(byte[] fds, long nfds, int timeoutMs);

    int eventfd(int initval, int flags);

    int unshare(int flags);

    int setns(int fd, int nstype);

    int mount(String source, String target, String fstype, long flags, String data);

    int umount2(String target, int flags);

    int setfsuid(int fsuid);

    int setfsgid(int fsgid);

    // syscall(2) is variadic in C; every argument is passed as a full register (long or
    // pointer) so no int is left with undefined upper bits
    long syscall(long number, long dfd, String path, long flags);

    long syscall(long number, long fromDfd, String fromPath, long toDfd, String toPath, long flags);

    long syscall(long number, long a, long b, long c, long d);

    int socket(int domain, int type, int protocol);

    int bind(int fd, byte[] addr, int len);

    int connect(int fd, byte[] addr, int len);

    int getsockname(int fd, byte[] addr, int[] len);

    int setsockopt(int fd, int level, int name, byte[] value, int len);

    long send(int fd, byte[] buf, long len, int flags);

    long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen);

    long recv(int fd, byte[] buf, long len, int flags);

    long recvmsg(int fd, Pointer msg, int flags);
}
