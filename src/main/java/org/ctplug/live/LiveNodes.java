package org.ctplug.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.ctplug.host.MountTable;
import java.util.stream.Stream;
import org.ctplug.posix.Posix;
import org.ctplug.sys.Errno;
import org.ctplug.sys.ErrnoException;
import org.ctplug.sys.FileCalls;
import org.ctplug.sys.ProcessCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device nodes in running containers, without a restart. Each node is made in ctplug's own
 * store (a tmpfs without nodev, one directory per container) with the owner the container's
 * user namespace maps to, and bind-mounted into the container's mount namespace with
 * open_tree/move_mount. Works alike for privileged and unprivileged containers: host root
 * cannot create files in an unprivileged container's /dev (its tmpfs belongs to the user
 * namespace: EOVERFLOW), and a node made there could not be opened anyway.
 */
public final class LiveNodes {
    private static final Logger LOG = LoggerFactory.getLogger(LiveNodes.class);
    // a bind may have been stacked by the container config and by every earlier inject
    private static final int MAX_STACKED_MOUNTS = 64;
    private static final int MOUNT_POINT_MODE = 0644;

    private final Path storeDir;
    private final Posix posix;
    private volatile boolean storeMounted;

    /** @param storeDir the store's mount point, e.g. /run/ctplug/dev */
    public LiveNodes(Path storeDir) {
        this(storeDir, Posix.get());
    }

    public LiveNodes(Path storeDir, Posix posix) {
        this.storeDir = storeDir.toAbsolutePath().normalize();
        this.posix = posix;
    }

    /**
     * Mounts the store tmpfs unless storeDir already is a mount point. Without nodev on purpose:
     * /run is nodev on Debian and Proxmox, and a node on a nodev mount cannot be opened.
     */
    public synchronized void ensureStore() throws IOException {
        // once seen mounted it stays: no mountinfo read on every plug
        if (storeMounted) {
            return;
        }
        if (MountTable.isMountPoint(storeDir)) {
            storeMounted = true;
            return;
        }
        Files.createDirectories(storeDir);
        ProcessCalls.mount("ctplug", storeDir.toString(), "tmpfs", ProcessCalls.MS_NOSUID | ProcessCalls.MS_NOEXEC,
                "mode=0755,size=1m");
        storeMounted = true;
    }

    /** The store node for a container path; the same path always gives the same file. */
    public Path storedNode(String container, String containerPath) {
        return NodePaths.storedNode(storeDir, container, containerPath);
    }

    /** The directory of one container's store nodes below {@code storeDir}. */
    public static Path storeDir(Path storeDir, String container) {
        return NodePaths.containerDir(storeDir, container);
    }

    /** The same name as {@link #storedNode}, for planning without a store at hand. */
    public static Path storedNode(Path storeDir, String container, String containerPath) {
        return NodePaths.storedNode(storeDir, container, containerPath);
    }

    /**
     * Makes or replaces only the store node (host ids), for containers that mount it at their
     * next start: an unprivileged container's config binds store nodes, never host /dev nodes.
     */
    public void store(String container, String containerPath, char type, int major, int minor, int mode,
                      long hostUid, long hostGid) throws IOException {
        ensureStore();
        makeStoreNode(storedNode(container, containerPath), type, major, minor, mode, hostUid, hostGid);
    }

    /** A character node's {@link #inject(LiveTarget, String, char, int, int, int, long, long)}. */
    public void inject(LiveTarget t, String containerPath, int major, int minor, int mode, long hostUid,
                       long hostGid) throws IOException {
        inject(t, containerPath, 'c', major, minor, mode, hostUid, hostGid);
    }

    /**
     * Makes or replaces the container's node at containerPath: whatever was mounted there (a
     * bind from the container config or an earlier inject) is detached, so the container sees
     * major:minor with the given mode and owner right after return. The owner is given in host
     * ids, translated through the container's id map by the caller.
     */
    public void inject(LiveTarget t, String containerPath, char type, int major, int minor, int mode, long hostUid,
                       long hostGid) throws IOException {
        try (InitProofs proofs = new InitProofs()) {
            inject(proofs, t, containerPath, type, major, minor, mode, hostUid, hostGid);
        }
    }

    /** As {@link #inject(LiveTarget, String, char, int, int, int, long, long)}, with the init proven once per pass. */
    public void inject(InitProofs proofs, LiveTarget t, String containerPath, char type, int major, int minor, int mode,
                       long hostUid, long hostGid) throws IOException {
        inject(proofs, t, containerPath, type, major, minor, mode, hostUid, hostGid, Gate.OPEN);
    }

    /**
     * What must hold before a node appears inside a container, asked in the container's mount
     * namespace once the store node, its clone and the parent directory are ready and before the
     * path is touched, so it must fork nothing: a child would start in the container's file system.
     */
    @FunctionalInterface
    public interface Gate {
        Gate OPEN = () -> true;

        /** Whether the node may appear now; false leaves it out. */
        boolean open();
    }

    /**
     * As {@link #inject(InitProofs, LiveTarget, String, char, int, int, int, long, long)}, the
     * steps at the path (detaching what is there, moving the node in) waiting for {@code gate}:
     * false when the gate stayed shut, and the path then holds what it held before (missing
     * parent directories are made, though).
     */
    public boolean inject(InitProofs proofs, LiveTarget t, String containerPath, char type, int major, int minor,
                          int mode, long hostUid, long hostGid, Gate gate) throws IOException {
        if (major < 0 || minor < 0 || (mode & ~0777) != 0 || hostUid < 0 || hostGid < 0) {
            throw new IllegalArgumentException("bad node " + major + ":" + minor + " mode "
                    + Integer.toOctalString(mode) + " owner " + hostUid + ":" + hostGid);
        }
        long started = System.nanoTime();
        ensureStore();
        Path node = storedNode(t.container(), containerPath);
        ContainerInit init = proofs.of(t);
        makeStoreNode(node, type, major, minor, mode, hostUid, hostGid);
        ContainerTree tree = new ContainerTree(t.container(), init);
        // the clone must come from the host's namespace, where the store is mounted; the fd
        // keeps the detached copy alive across the switch
        int treeFd = ProcessCalls.openTree(node.toString(), ProcessCalls.OPEN_TREE_CLONE);
        boolean[] opened = {false};
        try {
            MountNamespace.run(t.container(), init.nsFd(), () -> {
                // as the container's root: in an unprivileged container host uid 0 is unmapped,
                // and creating a file on its /dev fails with EOVERFLOW
                ProcessCalls.setFsIds(t.rootUid(), t.rootGid());
                try (ContainerTree.Parent p = tree.parent(containerPath, true).orElseThrow()) {
                    tree.entry(p); // refuses a symlink at the path itself
                    // the path itself is touched only once the gate opens: a shut one leaves it as it was
                    if (!gate.open()) {
                        return;
                    }
                    opened[0] = true;
                    detachAll(p);
                    // an old node or stale mount point is replaced by a fresh empty file
                    unlinkIfPresent(p, containerPath);
                    int fd = FileCalls.openat(p.fd(), p.name(), FileCalls.O_WRONLY | FileCalls.O_CREAT
                            | FileCalls.O_EXCL | FileCalls.O_NOFOLLOW, MOUNT_POINT_MODE, containerPath);
                    FileCalls.close(fd);
                    // a symlink at the name is not followed: move_mount without MOVE_MOUNT_T_SYMLINKS
                    ProcessCalls.moveMount(treeFd, p.fd(), p.name(), ProcessCalls.MOVE_MOUNT_F_EMPTY_PATH,
                            containerPath);
                } finally {
                    ProcessCalls.setFsIds(0, 0);
                }
            });
        } finally {
            FileCalls.close(treeFd);
        }
        if (!opened[0]) {
            return false;
        }
        LOG.debug("{}: {} is now {}:{} (took {} µs)", t.container(), containerPath, major, minor,
                (System.nanoTime() - started) / 1000);
        return true;
    }

    /**
     * Detaches and deletes the node inside the container and its store node; missing is fine.
     * A symlink at the path or above it is left alone.
     */
    public void remove(LiveTarget t, String containerPath) throws IOException {
        try (InitProofs proofs = new InitProofs()) {
            remove(proofs, t, containerPath);
        }
    }

    /** As {@link #remove(LiveTarget, String)}, with the init proven once per pass. */
    public void remove(InitProofs proofs, LiveTarget t, String containerPath) throws IOException {
        Path node = storedNode(t.container(), containerPath);
        ContainerInit init = proofs.of(t);
        ContainerTree tree = new ContainerTree(t.container(), init);
        MountNamespace.run(t.container(), init.nsFd(), () -> {
            ProcessCalls.setFsIds(t.rootUid(), t.rootGid());
            try {
                var parent = tree.parent(containerPath, false);
                if (parent.isEmpty()) {
                    return;
                }
                try (ContainerTree.Parent p = parent.get()) {
                    if (tree.entry(p).isPresent()) {
                        detachAll(p);
                        unlinkIfPresent(p, containerPath);
                    }
                }
            } finally {
                ProcessCalls.setFsIds(0, 0);
            }
        });
        Files.deleteIfExists(node);
        LOG.debug("{}: removed {}", t.container(), containerPath);
    }

    /** Deletes a container's store directory; nodes still mounted in it stay valid until detached. */
    public void removeStore(String container) throws IOException {
        NodePaths.requireContainerName(container);
        Path dir = storeDir.resolve(container);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        } catch (NoSuchFileException e) {
            return;
        }
        Files.deleteIfExists(dir);
    }

    private void makeStoreNode(Path node, char type, int major, int minor, int mode, long hostUid, long hostGid)
            throws IOException {
        // built under a temporary name and renamed over the old one, so a concurrent reader
        // never sees a node with the new number but the old owner
        Path fresh = node.resolveSibling(node.getFileName() + ".new");
        String freshName = fresh.toString();
        try {
            FileCalls.unlinkat(FileCalls.AT_FDCWD, freshName, freshName);
        } catch (ErrnoException e) {
            if (e.errno() != Errno.ENOENT) {
                throw e;
            }
        }
        try {
            posix.mknod(fresh, type, 0600, major, minor);
        } catch (ErrnoException e) {
            if (e.errno() != Errno.ENOENT) {
                throw e;
            }
            // the container's first node: its store directory is made now
            Files.createDirectories(node.getParent());
            posix.mknod(fresh, type, 0600, major, minor);
        }
        posix.chown(fresh, Math.toIntExact(hostUid), Math.toIntExact(hostGid));
        // chmod after mknod: mknod's mode is cut by the umask
        FileCalls.chmod(freshName, mode);
        FileCalls.rename(freshName, node.toString());
    }

    /**
     * Runs inside the container's mount namespace. umount2 takes a path, so it is given the bare
     * name relative to the parent directory ctplug resolved itself (fchdir), with
     * UMOUNT_NOFOLLOW: it can reach no other mount. (umount2 on /proc/self/fd/N would follow a
     * magic link, and the container's /proc does not show ctplug's fds anyway.)
     */
    private static void detachAll(ContainerTree.Parent p) throws IOException {
        FileCalls.fchdir(p.fd(), p.path().substring(0, p.path().lastIndexOf('/')));
        for (int i = 0; i < MAX_STACKED_MOUNTS; i++) {
            try {
                ProcessCalls.umount2(p.name(), ProcessCalls.MNT_DETACH | ProcessCalls.UMOUNT_NOFOLLOW, p.path());
            } catch (ErrnoException e) {
                // EINVAL: nothing is mounted there (any more); ENOENT: nothing is there at all
                if (e.errno() == Errno.EINVAL || e.errno() == Errno.ENOENT) {
                    return;
                }
                throw e;
            }
        }
        throw new IOException("still mounted after " + MAX_STACKED_MOUNTS + " detaches: " + p.path());
    }

    /** unlinkat of the name, which may be missing; a symlink there is unlinked itself. */
    private static void unlinkIfPresent(ContainerTree.Parent p, String shown) throws ErrnoException {
        try {
            FileCalls.unlinkat(p.fd(), p.name(), shown);
        } catch (ErrnoException e) {
            if (e.errno() != Errno.ENOENT) {
                throw e;
            }
        }
    }
}
