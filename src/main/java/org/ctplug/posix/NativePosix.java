package org.ctplug.posix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.ctplug.sys.Errno;
import org.ctplug.sys.ErrnoException;
import org.ctplug.sys.FileCalls;
import org.ctplug.sys.Statx;

/** The POSIX file calls, through ctplug's one libc binding. */
final class NativePosix implements Posix {
    static final NativePosix INSTANCE = new NativePosix();

    /** Write permission for group and others (<sys/stat.h>). */
    private static final int S_IWGRP = 020;
    private static final int S_IWOTH = 02;
    private static final int FLAGS_PATH = FileCalls.O_PATH | FileCalls.O_NOFOLLOW;
    private static final long FIRST_BACKOFF_MS = 10;
    private static final long MAX_BACKOFF_MS = 200;

    private NativePosix() {}

    @Override
    public FileStatus stat(Path path) throws IOException {
        try {
            return FileStatus.of(path);
        } catch (NoSuchFileException e) {
            throw new ErrnoException("stat", path.toString(), Errno.ENOENT);
        }
    }

    @Override
    public void mknod(Path path, char type, int mode, int major, int minor) throws IOException {
        if (type != 'c' && type != 'b') {
            throw new IllegalArgumentException("node type " + type + " is neither c nor b");
        }
        int format = type == 'b' ? FileCalls.S_IFBLK : FileCalls.S_IFCHR;
        FileCalls.mknod(path.toString(), format | (mode & 07777), FileStatus.makedev(major, minor));
    }

    @Override
    public void chown(Path path, int uid, int gid) throws IOException {
        FileCalls.chown(path.toString(), uid, gid);
    }

    @Override
    public Root openRoot(Path root) throws IOException {
        // the one link followed is root itself (/proc/<pid>/root is one by design)
        return new Root(FileCalls.open(root.toString(), FileCalls.O_PATH | FileCalls.O_DIRECTORY, 0), root);
    }

    @Override
    public Optional<FileStatus> lstatBeneath(Root root, String relative) throws IOException {
        String[] parts = plainParts(relative);
        String shown = root.path().resolve(relative).toString();
        Optional<Integer> dir = openDirBeneath(root, parts, parts.length - 1, shown);
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        try {
            int fd;
            try {
                fd = FileCalls.openat(dir.get(), parts[parts.length - 1], FLAGS_PATH, 0, shown);
            } catch (ErrnoException e) {
                if (e.errno() == Errno.ENOENT || e.errno() == Errno.ENOTDIR) {
                    return Optional.empty();
                }
                throw e;
            }
            try {
                return Optional.of(status(FileCalls.fstatx(fd, shown)));
            } finally {
                FileCalls.close(fd);
            }
        } finally {
            FileCalls.close(dir.get());
        }
    }

    @Override
    public Optional<List<DirEntry>> listBeneath(Root root, String relative) throws IOException {
        String[] parts = plainParts(relative);
        String shown = root.path().resolve(relative).toString();
        Optional<Integer> dir = openDirBeneath(root, parts, parts.length, shown);
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        int list;
        try {
            // "." of the directory reached above: nothing is resolved again, and each entry is
            // looked at below that descriptor without following it
            list = FileCalls.openat(dir.get(), ".", FileCalls.O_RDONLY | FileCalls.O_DIRECTORY, 0, shown);
        } finally {
            FileCalls.close(dir.get());
        }
        try {
            List<DirEntry> entries = new ArrayList<>();
            for (String name : FileCalls.names(list, shown)) {
                read(list, name, shown).ifPresent(entries::add);
            }
            return Optional.of(List.copyOf(entries));
        } finally {
            FileCalls.close(list);
        }
    }

    @Override
    public Optional<java.util.Map<String, FileStatus>> lstatEachBeneath(Root root, String relative,
                                                                        java.util.Collection<String> names)
            throws IOException {
        String[] parts = plainParts(relative);
        String shown = root.path().resolve(relative).toString();
        for (String name : names) {
            plainParts(name);
            if (name.indexOf('/') >= 0) {
                throw new IllegalArgumentException("not one path component: " + name);
            }
        }
        Optional<Integer> dir = openDirBeneath(root, parts, parts.length, shown);
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        try {
            java.util.Map<String, FileStatus> seen = new java.util.HashMap<>();
            for (String name : names) {
                try {
                    seen.put(name, status(FileCalls.statx(dir.get(), name, FileCalls.AT_SYMLINK_NOFOLLOW,
                            shown + "/" + name)));
                } catch (ErrnoException e) {
                    if (e.errno() != Errno.ENOENT && e.errno() != Errno.ENOTDIR) {
                        throw e;
                    }
                }
            }
            return Optional.of(seen);
        } finally {
            FileCalls.close(dir.get());
        }
    }

    @Override
    public Optional<DirEntry> entryBeneath(Root root, String relative) throws IOException {
        String[] parts = plainParts(relative);
        String shown = root.path().resolve(relative).toString();
        Optional<Integer> dir = openDirBeneath(root, parts, parts.length - 1, shown);
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        try {
            return read(dir.get(), parts[parts.length - 1], shown.substring(0, shown.lastIndexOf('/')));
        } finally {
            FileCalls.close(dir.get());
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
     * An O_PATH descriptor of the directory the first {@code count} parts name below root;
     * empty when one of them is missing or no directory.
     *
     * @throws SymlinkOnPathException when one of them is a symlink
     */
    private static Optional<Integer> openDirBeneath(Root root, String[] parts, int count, String shown)
            throws IOException {
        // one component at a time with O_NOFOLLOW, which works wherever openat does: openat2's
        // RESOLVE_NO_SYMLINKS would do it in one call, but seccomp filters that predate it (the
        // service's SystemCallFilter on Debian 12) refuse it with ENOSYS. The root's descriptor
        // stays open for the caller's next lookup; the caller closes the one returned
        if (count == 0) {
            return Optional.of(FileCalls.openat(root.fd(), ".", FLAGS_PATH | FileCalls.O_DIRECTORY, 0, shown));
        }
        int dir = root.fd();
        for (int i = 0; i < count; i++) {
            int next;
            try {
                next = FileCalls.openat(dir, parts[i], FLAGS_PATH | FileCalls.O_DIRECTORY, 0, shown);
            } catch (ErrnoException e) {
                try {
                    if ((e.errno() == Errno.ENOTDIR || e.errno() == Errno.ELOOP)
                            && isSymlink(dir, parts[i], root.path())) {
                        throw new SymlinkOnPathException(root.path().resolve(String.join("/",
                                java.util.Arrays.copyOf(parts, i + 1))));
                    }
                    if (e.errno() == Errno.ENOENT || e.errno() == Errno.ENOTDIR) {
                        return Optional.empty();
                    }
                    throw e;
                } finally {
                    if (dir != root.fd()) {
                        FileCalls.close(dir);
                    }
                }
            }
            if (dir != root.fd()) {
                FileCalls.close(dir);
            }
            dir = next;
        }
        return Optional.of(dir);
    }

    /** The entry {@code name} of the directory open at dirFd, not followed; empty when gone since it was listed. */
    private static Optional<DirEntry> read(int dirFd, String name, String dir) throws IOException {
        String shown = dir + "/" + name;
        try {
            FileStatus st = status(FileCalls.statx(dirFd, name, FileCalls.AT_SYMLINK_NOFOLLOW, shown));
            String target = (st.mode() & 0170000) == 0120000 ? FileCalls.readlinkat(dirFd, name, shown) : "";
            return Optional.of(new DirEntry(name, st, target));
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static boolean isSymlink(int dir, String name, Path root) throws IOException {
        int fd;
        try {
            fd = FileCalls.openat(dir, name, FLAGS_PATH, 0, root.resolve(name).toString());
        } catch (ErrnoException e) {
            return false;
        }
        try {
            return FileCalls.fstatx(fd, root.resolve(name).toString()).isSymlink();
        } finally {
            FileCalls.close(fd);
        }
    }

    private static FileStatus status(Statx st) {
        return new FileStatus(st.mode(), FileStatus.makedev(st.rdevMajor(), st.rdevMinor()), st.uid(), st.gid(),
                st.isCharDevice());
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
        int fd = FileCalls.open(lockFile.toString(), FileCalls.O_RDWR | FileCalls.O_CREAT | FileCalls.O_NOFOLLOW, 0600);
        try {
            waitForLock(fd, lockFile, timeout, waiting);
        } catch (IOException | RuntimeException e) {
            FileCalls.close(fd);
            throw e;
        }
        return new FileLock(lockFile, () -> {
            try {
                FileCalls.flock(fd, FileCalls.LOCK_UN, lockFile.toString());
            } catch (ErrnoException e) {
                // closing the descriptor below drops the lock all the same (flock(2))
            }
            FileCalls.close(fd);
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
            try {
                FileCalls.flock(fd, FileCalls.LOCK_EX | FileCalls.LOCK_NB, lockFile.toString());
                return;
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EAGAIN && e.errno() != Errno.EINTR) {
                    throw e;
                }
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
}
