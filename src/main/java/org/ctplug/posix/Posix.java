package org.ctplug.posix;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The POSIX file calls Java does not offer: the device number of a node, mknod, chown by number
 * and flock(2). Every failure is an {@link IOException} naming the path and the errno.
 */
public interface Posix {

    FileStatus stat(Path path) throws IOException;

    /** Creates a device node of {@code type} {@code c} or {@code b}; {@code mode} holds the permission bits only. */
    void mknod(Path path, char type, int mode, int major, int minor) throws IOException;

    /** Creates a character device node; {@code mode} holds the permission bits only. */
    default void mknodChar(Path path, int mode, int major, int minor) throws IOException {
        mknod(path, 'c', mode, major, minor);
    }

    void chown(Path path, int uid, int gid) throws IOException;

    /**
     * lstat of {@code relative} below the directory {@code root}, following no symlink on the way
     * and never leaving root: for paths inside a container, reached through
     * {@code /proc/<pid>/root}, where a symlink planted by the container would otherwise lead
     * the host's root anywhere on the host. Empty when nothing is there.
     *
     * @throws SymlinkOnPathException when a directory on the way is a symlink
     * @throws IOException naming the path when the lookup fails otherwise
     * @throws IllegalArgumentException unless {@code relative} is plain: no empty, "." or ".." part
     */
    Optional<FileStatus> lstatBeneath(Root root, String relative) throws IOException;

    default Optional<FileStatus> lstatBeneath(Path root, String relative) throws IOException {
        try (Root r = openRoot(root)) {
            return lstatBeneath(r, relative);
        }
    }

    /**
     * Opens the directory {@code root} (following it when it is a symlink, as
     * {@code /proc/<pid>/root} is by design) for lookups beneath it.
     *
     * @throws IOException naming it when it cannot be opened as a directory
     */
    Root openRoot(Path root) throws IOException;

    /**
     * The entries of the directory {@code relative} below {@code root}, reached as
     * {@link #lstatBeneath} reaches a path (the directory itself is no symlink either), each
     * with its lstat and, for a symlink, what it says. Empty when there is no such directory.
     *
     * @throws SymlinkOnPathException when the directory or one on the way is a symlink
     */
    Optional<List<DirEntry>> listBeneath(Root root, String relative) throws IOException;

    default Optional<List<DirEntry>> listBeneath(Path root, String relative) throws IOException {
        try (Root r = openRoot(root)) {
            return listBeneath(r, relative);
        }
    }

    /**
     * The lstat of each of {@code names} in the directory {@code relative} below {@code root},
     * the directory reached once as {@link #listBeneath} reaches it: one lookup per name, where
     * {@link #lstatBeneath} walks from the root for each. A name with nothing there is left out;
     * empty when there is no such directory.
     *
     * @throws SymlinkOnPathException when the directory or one on the way is a symlink
     * @throws IllegalArgumentException unless each name is one plain path component
     */
    Optional<java.util.Map<String, FileStatus>> lstatEachBeneath(Root root, String relative,
                                                                 java.util.Collection<String> names)
            throws IOException;

    default Optional<java.util.Map<String, FileStatus>> lstatEachBeneath(Path root, String relative,
                                                                         java.util.Collection<String> names)
            throws IOException {
        try (Root r = openRoot(root)) {
            return lstatEachBeneath(r, relative, names);
        }
    }

    /**
     * What is at {@code relative} below {@code root}, reached as {@link #lstatBeneath} reaches
     * it, with its lstat and, for a symlink, what it says. Empty when nothing is there.
     *
     * @throws SymlinkOnPathException when a directory on the way is a symlink
     */
    Optional<DirEntry> entryBeneath(Root root, String relative) throws IOException;

    default Optional<DirEntry> entryBeneath(Path root, String relative) throws IOException {
        try (Root r = openRoot(root)) {
            return entryBeneath(r, relative);
        }
    }

    /**
     * Takes an exclusive flock(2) on {@code lockFile}, creating it (0600) and its parent
     * directories when missing, retrying until {@code timeout} has passed. The lock file is
     * never reached through a symlink, and its directory must be root's alone (group root may
     * write): anyone else who could write there could swap the file.
     *
     * <p>flock, not {@link java.nio.channels.FileChannel#lock()}: Java's lock is an fcntl lock,
     * and fcntl and flock locks do not exclude each other on Linux, while {@code pct} takes flock.
     *
     * @throws LockTimeoutException when another process still holds the lock at the deadline
     */
    default FileLock flock(Path lockFile, Duration timeout) throws IOException {
        return flock(lockFile, timeout, () -> { });
    }

    /**
     * As {@link #flock(Path, Duration)}, running {@code waiting} after each try that found the
     * lock held while the deadline is still ahead: the daemon's watchdog beat, since
     * {@code lock_timeout} may be longer than systemd's WatchdogSec.
     */
    FileLock flock(Path lockFile, Duration timeout, Runnable waiting) throws IOException;

    static Posix get() {
        return NativePosix.INSTANCE;
    }
}
