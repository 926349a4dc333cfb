package org.ctplug.posix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jnr.constants.platform.Errno;
import jnr.constants.platform.OpenFlags;
import jnr.ffi.LibraryLoader;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/** The only class that calls libc for file operations. */
final class NativePosix implements Posix {
    static final NativePosix INSTANCE = new NativePosix();

    // <sys/file.h>; the same values on every Linux architecture
    private static final int LOCK_EX = 2;
    private static final int LOCK_NB = 4;
    private static final int LOCK_UN = 8;
    private static final int S_IFCHR = 0020000;
    private static final long FIRST_BACKOFF_MS = 10;
    private static final long MAX_BACKOFF_MS = 200;

    /** jnr-posix has no mknod; glibc exports it as a plain symbol since 2.33 (Debian 12: 2.36). */
    public interface Mknod {
        int mknod(String path, int mode, long dev);
    }

    /**
     * Bound on first use: jnr generates its call stubs at run time, which costs the resident
     * daemon a few MiB of classes, and a plain LXC host with privileged containers never calls it.
     */
    private static final class Lib {
        static final POSIX POSIX = POSIXFactory.getNativePOSIX();
        static final Mknod MKNOD = LibraryLoader.create(Mknod.class).load("c");
        static final jnr.ffi.Runtime MKNOD_RUNTIME = jnr.ffi.Runtime.getRuntime(MKNOD);
    }

    private NativePosix() {}

    @Override
    public FileStatus stat(Path path) throws IOException {
        var st = Lib.POSIX.allocateStat();
        if (Lib.POSIX.stat(path.toString(), st) < 0) {
            throw failure("stat", path, Lib.POSIX.errno());
        }
        return new FileStatus(st.mode(), st.rdev(), st.uid(), st.gid(), st.isCharDev());
    }

    @Override
    public void mknodChar(Path path, int mode, int major, int minor) throws IOException {
        int rc = Lib.MKNOD.mknod(path.toString(), S_IFCHR | (mode & 07777), FileStatus.makedev(major, minor));
        if (rc < 0) {
            throw failure("mknod", path, Lib.MKNOD_RUNTIME.getLastError());
        }
    }

    @Override
    public void chown(Path path, int uid, int gid) throws IOException {
        if (Lib.POSIX.chown(path.toString(), uid, gid) < 0) {
            throw failure("chown", path, Lib.POSIX.errno());
        }
    }

    @Override
    public FileLock flock(Path lockFile, Duration timeout) throws IOException {
        Path parent = lockFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        int flags = OpenFlags.O_RDWR.intValue() | OpenFlags.O_CREAT.intValue() | OpenFlags.O_CLOEXEC.intValue();
        int fd = Lib.POSIX.open(lockFile.toString(), flags, 0600);
        if (fd < 0) {
            throw failure("open", lockFile, Lib.POSIX.errno());
        }
        try {
            waitForLock(fd, lockFile, timeout);
        } catch (IOException | RuntimeException e) {
            Lib.POSIX.close(fd);
            throw e;
        }
        return new FileLock(lockFile, () -> {
            Lib.POSIX.flock(fd, LOCK_UN);
            Lib.POSIX.close(fd);
        });
    }

    private void waitForLock(int fd, Path lockFile, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long backoff = FIRST_BACKOFF_MS;
        while (true) {
            if (Lib.POSIX.flock(fd, LOCK_EX | LOCK_NB) == 0) {
                return;
            }
            int errno = Lib.POSIX.errno();
            if (errno != Errno.EWOULDBLOCK.intValue() && errno != Errno.EINTR.intValue()) {
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
        Errno e = Errno.valueOf(errno);
        String reason = e == null || e.name().startsWith("__") ? "errno " + errno : e.name() + " (" + e.description() + ")";
        return new IOException(call + " " + path + ": " + reason);
    }
}
