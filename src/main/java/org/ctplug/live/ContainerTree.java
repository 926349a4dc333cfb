package org.ctplug.live;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

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

    private final String container;
    private final ContainerInit init;

    /** Loads what the walk uses on the calling (host) thread: in the container's namespace the jar is out of reach. */
    ContainerTree(String container, ContainerInit init) {
        this.container = container;
        this.init = init;
        List.of(Parent.class, LiveNative.Identity.class, RefusedException.class).forEach(Class::getName);
    }

    /** The open directory holding a container path's last component, and that name. */
    record Parent(int fd, String name, String path) implements AutoCloseable {
        @Override
        public void close() {
            LiveNative.close(fd);
        }
    }

    /**
     * The parent of containerPath, its missing directories made when create is set (as the
     * calling thread's fs ids); empty when a directory is missing and create is not set.
     *
     * @throws RefusedException when a component is a symlink or /dev is not the container's tmpfs
     */
    Optional<Parent> parent(String containerPath, boolean create) throws IOException {
        return parent(containerPath, create, false);
    }

    /**
     * As {@link #parent(String, boolean)}; with {@code onDev} every directory below /dev must be
     * on the container's /dev tmpfs itself, not a mount over it: links and their directories
     * belong there, while a directory bound in from the host (its /dev/input, say) is the host's.
     */
    Optional<Parent> parent(String containerPath, boolean create, boolean onDev) throws IOException {
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
            requireOwnDev(dir);
            LiveNative.Identity devFs = onDev ? LiveNative.identity(dir, "/dev") : null;
            StringBuilder shown = new StringBuilder("/dev");
            for (String part : parts.subList(1, parts.size() - 1)) {
                shown.append('/').append(part);
                Optional<Integer> next = directory(dir, part, shown.toString(), containerPath, create);
                if (next.isEmpty()) {
                    LiveNative.close(dir);
                    return Optional.empty();
                }
                LiveNative.close(dir);
                dir = next.get();
                LiveNative.Identity here = onDev ? LiveNative.identity(dir, shown.toString()) : null;
                if (here != null && (here.devMajor() != devFs.devMajor() || here.devMinor() != devFs.devMinor())) {
                    throw new RefusedException(container + ": " + shown + " in the container is a mount over its /dev"
                            + " (device " + here.devMajor() + ":" + here.devMinor() + "), not part of it; nothing done");
                }
            }
            return Optional.of(new Parent(dir, parts.get(parts.size() - 1), containerPath));
        } catch (IOException | RuntimeException e) {
            LiveNative.close(dir);
            throw e;
        }
    }

    /** What is at the parent's name now, without following it; a symlink there is refused. */
    Optional<LiveNative.Identity> entry(Parent p) throws IOException {
        int fd = LiveNative.tryOpenAt(p.fd(), p.name(), LiveNative.O_PATH | LiveNative.O_NOFOLLOW);
        if (fd == -LiveNative.ENOENT) {
            return Optional.empty();
        }
        if (fd < 0) {
            throw LiveNative.failure("openat", p.path(), -fd);
        }
        try {
            LiveNative.Identity id = LiveNative.identity(fd, p.path());
            if (id.isSymlink()) {
                throw symlink(p.path());
            }
            return Optional.of(id);
        } finally {
            LiveNative.close(fd);
        }
    }

    /** @param dir the directory's container path, {@code target} the path being resolved, for messages */
    private Optional<Integer> directory(int dirFd, String name, String dir, String target, boolean create)
            throws IOException {
        int flags = LiveNative.O_PATH | LiveNative.O_DIRECTORY | LiveNative.O_NOFOLLOW;
        int fd = LiveNative.tryOpenAt(dirFd, name, flags);
        if (fd == -LiveNative.ENOENT && create) {
            LiveNative.mkdirAtIfMissing(dirFd, name, DIR_MODE, dir);
            fd = LiveNative.tryOpenAt(dirFd, name, flags);
        }
        if (fd == -LiveNative.ENOENT) {
            return Optional.empty();
        }
        // O_PATH|O_NOFOLLOW opens a symlink itself, and O_DIRECTORY then refuses it
        if ((fd == -LiveNative.ENOTDIR || fd == -LiveNative.ELOOP) && isSymlink(dirFd, name, dir)) {
            throw symlink(dir);
        }
        if (fd < 0) {
            throw LiveNative.failure("openat", dir + " on the way to " + target, -fd);
        }
        return Optional.of(fd);
    }

    private static boolean isSymlink(int dirFd, String name, String shown) throws IOException {
        int fd = LiveNative.tryOpenAt(dirFd, name, LiveNative.O_PATH | LiveNative.O_NOFOLLOW);
        if (fd < 0) {
            return false;
        }
        try {
            return LiveNative.identity(fd, shown).isSymlink();
        } finally {
            LiveNative.close(fd);
        }
    }

    /** A container's /dev is its own tmpfs (lxc.autodev); anything else there is not for ctplug to touch. */
    private void requireOwnDev(int devFd) throws IOException {
        long type = LiveNative.fsType(devFd, "/dev");
        if (type != LiveNative.TMPFS_MAGIC) {
            throw new RefusedException(container + ": /dev in the container is not a tmpfs (file system type 0x"
                    + Long.toHexString(type) + "); nothing done");
        }
        LiveNative.Identity dev = LiveNative.identity(devFd, "/dev");
        String device = dev.devMajor() + ":" + dev.devMinor();
        if (init.hostDevices().contains(device)) {
            throw new RefusedException(container + ": /dev in the container is a file system the host has mounted"
                    + " (device " + device + "), not the container's own tmpfs; nothing done");
        }
    }

    private RefusedException symlink(String shown) {
        return new RefusedException(container + ": " + shown + " is a symlink in the container: not followed;"
                + " nothing done");
    }
}
