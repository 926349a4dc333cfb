package org.ctplug.posix;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    /** The open flags whose values differ on arm and arm64 (asm-generic has x86's). */
    private static final int O_NOFOLLOW = Platform.isARM() ? 0100000 : 0400000;
    /** Write permission for group and others (<sys/stat.h>). */
    private static final int S_IWGRP = 020;
    private static final int S_IWOTH = 02;
    private static final int LOCK_EX = 2;
    private static final int LOCK_NB = 4;
    private static final int LOCK_UN = 8;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int O_DIRECTORY = Platform.isARM() ? 040000 : 0200000; // the other one that differs
    private static final int O_PATH = 010000000;
    // include/uapi/linux/fcntl.h, stat.h
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int STATX_TYPE_MODE_UID_GID = 0x1 | 0x2 | 0x8 | 0x10;
    // struct statx has one layout on every architecture (include/uapi/linux/stat.h): 256 bytes,
    // stx_uid at 20, stx_gid at 24, stx_mode (16 bits) at 28, stx_rdev_major/minor at 128/132
    private static final int STATX_SIZE = 256;
    private static final int ENOENT = 2;
    private static final int ENOTDIR = 20;
    private static final int ELOOP = 40;
    private static final int EINTR = 4;
    private static final int EWOULDBLOCK = 11;
    private static final Map<Integer, String> ERRNO_NAMES = Map.ofEntries(Map.entry(1, "EPERM"),
            Map.entry(2, "ENOENT"), Map.entry(4, "EINTR"), Map.entry(11, "EWOULDBLOCK"), Map.entry(13, "EACCES"),
            Map.entry(16, "EBUSY"), Map.entry(17, "EEXIST"), Map.entry(20, "ENOTDIR"), Map.entry(21, "EISDIR"),
            Map.entry(22, "EINVAL"), Map.entry(28, "ENOSPC"), Map.entry(30, "EROFS"), Map.entry(38, "ENOSYS"),
            Map.entry(40, "ELOOP"), Map.entry(75, "EOVERFLOW"));
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

        int openat(int dirfd, String path, int flags, int mode);

        /** glibc's statx(2) wrapper (2.28 and later). */
        int statx(int dirfd, String path, int flags, int mask, byte[] buf);
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
    public void mknod(Path path, char type, int mode, int major, int minor) throws IOException {
        if (type != 'c' && type != 'b') {
            throw new IllegalArgumentException("node type " + type + " is neither c nor b");
        }
        int format = type == 'b' ? S_IFBLK : S_IFCHR;
        if (Lib.C.mknod(path.toString(), format | (mode & 07777), FileStatus.makedev(major, minor)) < 0) {
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
    public Optional<FileStatus> lstatBeneath(Path root, String relative) throws IOException {
        String[] parts = plainParts(relative);
        int dir = openDirBeneath(root, parts, parts.length - 1, relative);
        if (dir < 0) {
            return Optional.empty();
        }
        try {
            int fd = Lib.C.openat(dir, parts[parts.length - 1], O_PATH | O_NOFOLLOW | O_CLOEXEC, 0);
            if (fd < 0) {
                int errno = Native.getLastError();
                if (errno == ENOENT || errno == ENOTDIR) {
                    return Optional.empty();
                }
                throw failure("openat", root.resolve(relative), errno);
            }
            try {
                return Optional.of(statx(fd, root.resolve(relative)));
            } finally {
                Lib.C.close(fd);
            }
        } finally {
            Lib.C.close(dir);
        }
    }

    @Override
    public Optional<List<DirEntry>> listBeneath(Path root, String relative) throws IOException {
        String[] parts = plainParts(relative);
        int dir = openDirBeneath(root, parts, parts.length, relative);
        if (dir < 0) {
            return Optional.empty();
        }
        try {
            // the magic link names the directory opened above, not a path: nothing in it is
            // resolved again, and each entry is read without following it
            List<DirEntry> entries = new ArrayList<>();
            try (DirectoryStream<Path> names = Files.newDirectoryStream(opened(dir))) {
                for (Path entry : names) {
                    read(entry).ifPresent(entries::add);
                }
            }
            return Optional.of(List.copyOf(entries));
        } finally {
            Lib.C.close(dir);
        }
    }

    @Override
    public Optional<DirEntry> entryBeneath(Path root, String relative) throws IOException {
        String[] parts = plainParts(relative);
        int dir = openDirBeneath(root, parts, parts.length - 1, relative);
        if (dir < 0) {
            return Optional.empty();
        }
        try {
            return read(opened(dir).resolve(parts[parts.length - 1]));
        } finally {
            Lib.C.close(dir);
        }
    }

    private static Path opened(int dirFd) {
        return Path.of("/proc/self/fd", String.valueOf(dirFd));
    }

    /** An entry of a directory reached through its fd's magic link, not followed; empty when gone. */
    private static Optional<DirEntry> read(Path entry) throws IOException {
        try {
            FileStatus st = FileStatus.of(entry);
            String target = (st.mode() & 0170000) == 0120000 ? Files.readSymbolicLink(entry).toString() : "";
            return Optional.of(new DirEntry(entry.getFileName().toString(), st, target));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
    }

    private static String[] plainParts(String relative) {
        String[] parts = relative.split("/", -1);
        for (String part : parts) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("not a plain relative path: " + relative);
            }
        }
        return parts;
    }

    /**
     * An O_PATH fd of the directory the first {@code count} parts name below root, or -1 when
     * one of them is missing or no directory.
     *
     * @throws SymlinkOnPathException when one of them is a symlink
     */
    private static int openDirBeneath(Path root, String[] parts, int count, String relative) throws IOException {
        // the one link followed is root itself (/proc/<pid>/root is one by design). Then one
        // component at a time with O_NOFOLLOW, which works wherever openat does: openat2's
        // RESOLVE_NO_SYMLINKS would do it in one call, but seccomp filters that predate it (the
        // service's SystemCallFilter on Debian 12) refuse it with ENOSYS
        int dir = Lib.C.open(root.toString(), O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
        if (dir < 0) {
            throw failure("open", root, Native.getLastError());
        }
        for (int i = 0; i < count; i++) {
            int next = Lib.C.openat(dir, parts[i], O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
            if (next < 0) {
                int errno = Native.getLastError();
                try {
                    if ((errno == ENOTDIR || errno == ELOOP) && isSymlink(dir, parts[i], root)) {
                        throw new SymlinkOnPathException(root.resolve(String.join("/",
                                java.util.Arrays.copyOf(parts, i + 1))));
                    }
                    if (errno == ENOENT || errno == ENOTDIR) {
                        return -1;
                    }
                    throw failure("openat", root.resolve(relative), errno);
                } finally {
                    Lib.C.close(dir);
                }
            }
            Lib.C.close(dir);
            dir = next;
        }
        return dir;
    }

    private static boolean isSymlink(int dir, String name, Path root) throws IOException {
        int fd = Lib.C.openat(dir, name, O_PATH | O_NOFOLLOW | O_CLOEXEC, 0);
        if (fd < 0) {
            return false;
        }
        try {
            return (statx(fd, root.resolve(name)).mode() & 0170000) == 0120000;
        } finally {
            Lib.C.close(fd);
        }
    }

    /** statx of what fd refers to, itself even when it is a symlink (O_PATH|O_NOFOLLOW). */
    private static FileStatus statx(int fd, Path what) throws IOException {
        byte[] buf = new byte[STATX_SIZE];
        if (Lib.C.statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_TYPE_MODE_UID_GID, buf) < 0) {
            throw failure("statx", what, Native.getLastError());
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(buf).order(java.nio.ByteOrder.nativeOrder());
        int mode = Short.toUnsignedInt(b.getShort(28));
        long rdev = FileStatus.makedev(b.getInt(128), b.getInt(132));
        return new FileStatus(mode, rdev, b.getInt(20), b.getInt(24), (mode & 0170000) == S_IFCHR);
    }

    @Override
    public FileLock flock(Path lockFile, Duration timeout, Runnable waiting) throws IOException {
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
            waitForLock(fd, lockFile, timeout, waiting);
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

    private void waitForLock(int fd, Path lockFile, Duration timeout, Runnable waiting) throws IOException {
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
            waiting.run();
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
