package org.ctplug.live;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.ctplug.sys.Errno;
import org.ctplug.sys.ErrnoException;
import org.ctplug.sys.FileCalls;
import org.ctplug.sys.Statx;

/**
 * Paths inside a container, resolved from its init's root fd one component at a time with
 * O_NOFOLLOW: a symlink the container's root planted, at the path or at any directory above
 * it, is refused, never followed, and ".." never appears (NodePaths). openat2's
 * RESOLVE_NO_SYMLINKS would do this in one call, but the service's seccomp filter on Debian 12
 * (systemd 252, @system-service) refuses it with ENOSYS; the walk needs only openat.
 * Mounts are crossed on purpose (the container's /dev is its own tmpfs, its nodes are bind
 * mounts), so /dev itself must be a tmpfs that only the container's namespace has mounted.
 */
final class ContainerTree {
    private static final int DIR_MODE = 0755;
    /** statfs f_type of a tmpfs (include/uapi/linux/magic.h). */
    private static final long TMPFS_MAGIC = 0x01021994L;
    private static final int LOOK = FileCalls.O_PATH | FileCalls.O_NOFOLLOW;

    private final String container;
    private final ContainerInit init;
    /**
     * The devices of the file systems mounted in ctplug's own namespace, read here on the host
     * (in the container's namespace /proc/self shows its own): the tmpfs LXC mounts on a
     * container's /dev exists only in the container's namespace, so a /dev on one of these is a
     * host file system bound there (the host's /dev, a shared directory).
     */
    private final java.util.Set<String> hostDevices;

    /** Loads what the walk uses on the calling (host) thread: in the container's namespace the jar is out of reach. */
    ContainerTree(String container, ContainerInit init) throws IOException {
        this.container = container;
        this.init = init;
        this.hostDevices = org.ctplug.host.MountTable.devices();
        List.of(Parent.class, RefusedException.class).forEach(Class::getName);
    }

    /** The open directory holding a container path's last component, and that name. */
    record Parent(int fd, String name, String path) implements AutoCloseable {
        @Override
        public void close() {
            FileCalls.close(fd);
        }
    }

    /**
     * The parent of containerPath, its missing directories made when create is set (as the
     * calling thread's fs ids); empty when a directory is missing and create is not set.
     *
     * @throws RefusedException when a component is a symlink or /dev is not the container's tmpfs
     */
    Optional<Parent> parent(String containerPath, boolean create) throws IOException {
        List<String> parts = NodePaths.segments(containerPath);
        if (parts.size() < 2 || !parts.get(0).equals("dev")) {
            throw new IllegalArgumentException("container path must be under /dev: " + containerPath);
        }
        Optional<Integer> dev = directory(init.rootFd(), "dev", "/dev", containerPath, false);
        if (dev.isEmpty()) {
            throw new RefusedException(container + ": the container has no /dev; nothing done");
        }
        int dir = dev.get();
        try {
            Statx own = requireOwnDev(dir);
            StringBuilder shown = new StringBuilder("/dev");
            for (String part : parts.subList(1, parts.size() - 1)) {
                shown.append('/').append(part);
                Optional<Integer> next = directory(dir, part, shown.toString(), containerPath, create);
                if (next.isEmpty()) {
                    FileCalls.close(dir);
                    return Optional.empty();
                }
                FileCalls.close(dir);
                dir = next.get();
                requireSameFileSystem(dir, own, shown.toString());
            }
            return Optional.of(new Parent(dir, parts.get(parts.size() - 1), containerPath));
        } catch (IOException | RuntimeException e) {
            FileCalls.close(dir);
            throw e;
        }
    }

    /** What is at the parent's name now, without following it; a symlink there is refused. */
    Optional<Statx> entry(Parent p) throws IOException {
        Optional<Integer> fd = openIfPresent(p.fd(), p.name(), LOOK, p.path());
        if (fd.isEmpty()) {
            return Optional.empty();
        }
        try {
            Statx st = FileCalls.fstatx(fd.get(), p.path());
            if (st.isSymlink()) {
                throw symlink(p.path());
            }
            return Optional.of(st);
        } finally {
            FileCalls.close(fd.get());
        }
    }

    /** @param dir the directory's container path, {@code target} the path being resolved, for messages */
    private Optional<Integer> directory(int dirFd, String name, String dir, String target, boolean create)
            throws IOException {
        String shown = dir + " on the way to " + target;
        int flags = LOOK | FileCalls.O_DIRECTORY;
        try {
            Optional<Integer> fd = openIfPresent(dirFd, name, flags, shown);
            if (fd.isEmpty() && create) {
                mkdirIfMissing(dirFd, name, dir);
                fd = openIfPresent(dirFd, name, flags, shown);
            }
            return fd;
        } catch (ErrnoException e) {
            // O_PATH|O_NOFOLLOW opens a symlink itself, and O_DIRECTORY then refuses it
            if ((e.errno() == Errno.ENOTDIR || e.errno() == Errno.ELOOP) && isSymlink(dirFd, name, dir)) {
                throw symlink(dir);
            }
            throw e;
        }
    }

    /** openat, empty when nothing is at the name (ENOENT). */
    private static Optional<Integer> openIfPresent(int dirFd, String name, int flags, String shown)
            throws ErrnoException {
        try {
            return Optional.of(FileCalls.openat(dirFd, name, flags, 0, shown));
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** mkdirat that accepts an existing entry, which the caller then opens without following. */
    private static void mkdirIfMissing(int dirFd, String name, String shown) throws ErrnoException {
        try {
            FileCalls.mkdirat(dirFd, name, DIR_MODE, shown);
        } catch (ErrnoException e) {
            if (e.errno() != Errno.EEXIST) {
                throw e;
            }
        }
    }

    private static boolean isSymlink(int dirFd, String name, String shown) throws IOException {
        int fd;
        try {
            fd = FileCalls.openat(dirFd, name, LOOK, 0, shown);
        } catch (ErrnoException e) {
            return false;
        }
        try {
            return FileCalls.fstatx(fd, shown).isSymlink();
        } finally {
            FileCalls.close(fd);
        }
    }

    /** A container's /dev is its own tmpfs (lxc.autodev); anything else there is not for ctplug to touch. */
    /**
     * O_NOFOLLOW keeps symlinks out, not mounts: a directory below /dev can be the host's own
     * (the common recipe {@code lxc.mount.entry: /dev/dri dev/dri none bind,create=dir}), where
     * replacing a node would unlink the host's. Every directory on the way must be /dev's tmpfs.
     */
    private void requireSameFileSystem(int dirFd, Statx dev, String shown) throws IOException {
        Statx st = FileCalls.fstatx(dirFd, shown);
        if (st.devMajor() != dev.devMajor() || st.devMinor() != dev.devMinor()) {
            throw new RefusedException(container + ": " + shown + " is another file system mounted into the"
                    + " container's /dev (device " + st.devMajor() + ":" + st.devMinor() + ", a bind of a host"
                    + " directory, say), not its own tmpfs; nothing done");
        }
    }

    private Statx requireOwnDev(int devFd) throws IOException {
        long type = FileCalls.fsType(devFd, "/dev");
        if (type != TMPFS_MAGIC) {
            throw new RefusedException(container + ": /dev in the container is not a tmpfs (file system type 0x"
                    + Long.toHexString(type) + "); nothing done");
        }
        Statx dev = FileCalls.fstatx(devFd, "/dev");
        String device = dev.devMajor() + ":" + dev.devMinor();
        if (hostDevices.contains(device)) {
            throw new RefusedException(container + ": /dev in the container is a file system the host has mounted"
                    + " (device " + device + "), not the container's own tmpfs; nothing done");
        }
        return dev;
    }

    private RefusedException symlink(String shown) {
        return new RefusedException(container + ": " + shown + " is a symlink in the container: not followed;"
                + " nothing done");
    }
}
