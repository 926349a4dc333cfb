package org.ctplug.posix;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The only class that calls libc for file operations, through JNA, which the daemon has loaded
 * anyway. (jnr-posix did this first; its jnr-ffi runtime generates call stubs that added 18 MiB
 * to the resident daemon on the first plug.)
 */
final class NativePosix implements Posix {
    static final NativePosix INSTANCE = new NativePosix();

    // <fcntl.h>, <sys/file.h>, <sys/stat.h>: the same values on every Linux architecture ctplug runs on
    private static final int O_RDWR = 02;
    private static final int O_CREAT = 0100;
    private static final int O_CLOEXEC = 02000000;
    /** The one flag here whose value differs: arm and arm64 (asm-generic is x86's 0400000). */
    private static final int O_NOFOLLOW = Platform.isARM() ? 0100000 : 0400000;
    /** Write permission for group and others (<sys/stat.h>). */
    private static final int S_IWGRP = 020;
    private static final int S_IWOTH = 02;
    private static final int LOCK_EX = 2;
    private static final int LOCK_NB = 4;
    private static final int LOCK_UN = 8;
    private static final int S_IFCHR = 0020000;
    private static final int EINTR = 4;
    private static final int EWOULDBLOCK = 11;
    private static final Map<Integer, String> ERRNO_NAMES = Map.ofEntries(Map.entry(1, "EPERM"),
            Map.entry(2, "ENOENT"), Map.entry(4, "EINTR"), Map.entry(11, "EWOULDBLOCK"), Map.entry(13, "EACCES"),
            Map.entry(16, "EBUSY"), Map.entry(17, "EEXIST"), Map.entry(20, "ENOTDIR"), Map.entry(21, "EISDIR"),
            Map.entry(22, "EINVAL"), Map.entry(28, "ENOSPC"), Map.entry(30, "EROFS"), Map.entry(40, "ELOOP"), Map.entry(75, "EOVERFLOW"));
    private static final long FIRST_BACKOFF_MS = 10;
    private static final long MAX_BACKOFF_MS = 200;

    interface LibC extends Library {
        int open(String path, int flags, int mode);

        int close(int fd);

        int flock(int fd, int operation);

        /** glibc exports mknod as a plain symbol since 2.33 (Debian 12: 2.36). */
        int mknod(String path, int mode, long dev);

        int chown(String path, int uid, int gid);

        String strerror(int errnum);
    }

    /** Bound on first use: a plain LXC host with privileged containers may never need it. */
    private static final class Lib {
        static final LibC C = Native.load("c", LibC.class);
    }

    private NativePosix() {}

    @Override
    public FileStatus stat(Path path) throws IOException {
        try {
            return FileStatus.of(path);
        } catch (NoSuchFileException e) {
            throw failure("stat", path, 2);
        }
    }

    @Override
    public void mknodChar(Path path, int mode, int major, int minor) throws IOException {
        if (Lib.C.mknod(path.toString(), S_IFCHR | (mode & 07777), FileStatus.makedev(major, minor)) < 0) {
            throw failure("mknod", path, Native.getLastError());
        }
    }

    @Override
    public void chown(Path path, int uid, int gid) throws IOException {
        if (Lib.C.chown(path.toString(), uid, gid) < 0) {
            throw failure("chown", path, Native.getLastError());
        }
    }

    @Override
    public FileLock flock(Path lockFile, Duration timeout) throws IOException {
        Path parent = lockFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
            requireRootOnly(parent);
        }
        // O_NOFOLLOW: a symlink at the lock's name would make ctplug, as root, create or lock
        // whatever it points to
        int fd = Lib.C.open(lockFile.toString(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd < 0) {
            throw failure("open", lockFile, Native.getLastError());
        }
        try {
            waitForLock(fd, lockFile, timeout);
        } catch (IOException | RuntimeException e) {
            Lib.C.close(fd);
            throw e;
        }
        return new FileLock(lockFile, () -> {
            Lib.C.flock(fd, LOCK_UN);
            Lib.C.close(fd);
        });
    }

    /**
     * A lock's directory must be a real directory owned by root that no one else can write:
     * whoever could would choose what the lock file is. Group root may write, as pct's umask
     * may leave /run/lock/lxc 0775. /run/lock itself (1777) is never the one checked: locks
     * live in a directory of their own below it.
     */
    private static void requireRootOnly(Path dir) throws IOException {
        FileStatus st = FileStatus.of(dir);
        boolean othersWrite = (st.mode() & S_IWOTH) != 0 || (st.gid() != 0 && (st.mode() & S_IWGRP) != 0);
        if (!st.isDirectory() || st.uid() != 0 || othersWrite) {
            throw new IOException("refusing to lock in " + dir + ": it must be a directory owned by root and"
                    + " writable by root only (it is " + (st.isDirectory() ? "a directory" : "not a directory")
                    + ", uid " + st.uid() + ", gid " + st.gid() + ", mode " + String.format("%04o", st.permissions())
                    + ")");
        }
    }

    private void waitForLock(int fd, Path lockFile, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long backoff = FIRST_BACKOFF_MS;
        while (true) {
            if (Lib.C.flock(fd, LOCK_EX | LOCK_NB) == 0) {
                return;
            }
            int errno = Native.getLastError();
            if (errno != EWOULDBLOCK && errno != EINTR) {
                throw failure("flock", lockFile, errno);
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new LockTimeoutException(lockFile, timeout);
            }
            sleep(Math.min(backoff, left));
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a lock", e);
        }
    }

    private static IOException failure(String call, Path path, int errno) {
        String name = ERRNO_NAMES.getOrDefault(errno, "errno " + errno);
        return new IOException(call + " " + path + ": " + name + " (" + Lib.C.strerror(errno) + ")");
    }
}
