package org.ctplug.live;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.ctplug.sys.Errno;
import org.ctplug.sys.ErrnoException;
import org.ctplug.sys.FileCalls;
import org.ctplug.sys.ProcessCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Symlinks in running containers: the udev links of the nodes ctplug gives them. Each step first
 * proves the container's init ({@link ContainerInit}) and reaches the link's directory as a
 * node's ({@link ContainerTree}: from the init's root, no symlink followed, every directory on
 * the way part of the container's own /dev tmpfs). Links and directories are made with the host
 * ids of the container's root, so they are its own inside, and its permissions bound what
 * ctplug can make there.
 */
public final class LiveLinks {
    private static final Logger LOG = LoggerFactory.getLogger(LiveLinks.class);

    /**
     * Makes the symlink at containerPath hold target, with the directories above it that are
     * missing. A symlink there is replaced only when it holds {@code replaces}; anything else
     * there is left alone and reported.
     */
    public void make(InitProofs proofs, LiveTarget t, String containerPath, String target, Optional<String> replaces)
            throws IOException {
        inContainer(proofs, t, tree -> {
            try (ContainerTree.Parent p = tree.parent(containerPath, true).orElseThrow()) {
                Optional<String> now = readlink(p, containerPath);
                if (now.isPresent() && now.get().equals(target)) {
                    return;
                }
                if (now.isPresent()) {
                    if (!now.equals(replaces)) {
                        throw new IOException(containerPath + " now holds " + now.get()
                                + ", not what ctplug saw there; left alone");
                    }
                    FileCalls.unlinkat(p.fd(), p.name(), containerPath);
                }
                FileCalls.symlinkat(target, p.fd(), p.name(), containerPath);
            }
        });
        LOG.debug("{}: {} -> {}", t.container(), containerPath, target);
    }

    /** Removes the symlink at containerPath if it still holds target; anything else there stays. */
    public void remove(InitProofs proofs, LiveTarget t, String containerPath, String target) throws IOException {
        inContainer(proofs, t, tree -> {
            Optional<ContainerTree.Parent> parent = tree.parent(containerPath, false);
            if (parent.isEmpty()) {
                return;
            }
            try (ContainerTree.Parent p = parent.get()) {
                if (readlink(p, containerPath).filter(target::equals).isPresent()) {
                    FileCalls.unlinkat(p.fd(), p.name(), containerPath);
                }
            }
        });
    }

    /** Removes each directory, in the order given (innermost first), that is there and empty. */
    public void removeDirs(InitProofs proofs, LiveTarget t, List<String> dirs) throws IOException {
        inContainer(proofs, t, tree -> {
            for (String dir : dirs) {
                Optional<ContainerTree.Parent> parent = tree.parent(dir, false);
                if (parent.isEmpty()) {
                    continue;
                }
                try (ContainerTree.Parent p = parent.get()) {
                    FileCalls.rmdirat(p.fd(), p.name(), dir);
                } catch (ErrnoException e) {
                    // rmdir(2): ENOTEMPTY or EEXIST for one that holds something; gone or no directory
                    if (e.errno() != Errno.ENOTEMPTY && e.errno() != Errno.EEXIST && e.errno() != Errno.ENOENT
                            && e.errno() != Errno.ENOTDIR) {
                        throw e;
                    }
                }
            }
        });
    }

    /** What the symlink at the parent's name holds; empty when nothing is there. */
    private static Optional<String> readlink(ContainerTree.Parent p, String shown) throws IOException {
        try {
            return Optional.of(FileCalls.readlinkat(p.fd(), p.name(), shown));
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT) {
                return Optional.empty();
            }
            if (e.errno() == Errno.EINVAL) {
                throw new IOException(shown + " is not a symlink; left alone");
            }
            throw e;
        }
    }

    /** Work on a container's tree; it runs in the container's mount namespace. */
    @FunctionalInterface
    private interface TreeWork {
        void run(ContainerTree tree) throws IOException;
    }

    /** As a node's steps: in the container's mount namespace, as its root (its ids on the host). */
    private static void inContainer(InitProofs proofs, LiveTarget t, TreeWork work) throws IOException {
        ContainerInit init = proofs.of(t);
        ContainerTree tree = new ContainerTree(t.container(), init);
        MountNamespace.run(t.container(), init.nsFd(), () -> {
            ProcessCalls.setFsIds(t.rootUid(), t.rootGid());
            try {
                work.run(tree);
            } finally {
                ProcessCalls.setFsIds(0, 0);
            }
        });
    }
}
