package org.ctplug.live;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.ctplug.host.ProcessStart;
import org.ctplug.sys.Errno;
import org.ctplug.sys.ErrnoException;
import org.ctplug.sys.FileCalls;
import org.ctplug.sys.ProcessCalls;
import org.ctplug.sys.Statx;

/**
 * A container's init, proven to be it before anything is opened through its PID: a pidfd pins
 * the process, its start time must be the one seen when the PID was learned, its root and mount
 * namespace are opened only then, and the pidfd must show it still alive afterwards (while it
 * lives its PID cannot name another process, so the fds opened by PID are its own). A mount
 * namespace that is the host's or ctplug's own is never a container's, whatever the PID says.
 */
final class ContainerInit implements AutoCloseable {
    private static final Path PROC = Path.of("/proc");
    private static volatile List<Statx> hostNamespaces;

    private final int pidfd;
    private final int rootFd;
    private final int nsFd;

    private ContainerInit(int pidfd, int rootFd, int nsFd) {
        this.pidfd = pidfd;
        this.rootFd = rootFd;
        this.nsFd = nsFd;
    }

    /** @throws RefusedException when the PID does not name the container's init */
    static ContainerInit open(LiveTarget t) throws IOException {
        ProcessCalls.load();
        int pid = t.initPid();
        int pidfd = -1;
        int rootFd = -1;
        int nsFd = -1;
        try {
            pidfd = ProcessCalls.pidfdOpen(pid);
            OptionalLong start = ProcessStart.of(PROC, pid);
            if (start.isEmpty() || start.getAsLong() != t.initStart()) {
                throw new RefusedException(t.container() + ": PID " + pid + " started at tick "
                        + (start.isPresent() ? start.getAsLong() : "?") + ", the container's init at tick "
                        + t.initStart() + ": the PID names another process now; nothing done");
            }
            String proc = "/proc/" + pid;
            // the one magic link followed on purpose: the init's root, reached from the host
            rootFd = FileCalls.open(proc + "/root", FileCalls.O_PATH | FileCalls.O_DIRECTORY, 0);
            nsFd = FileCalls.open(proc + "/ns/mnt", FileCalls.O_RDONLY, 0);
            if (!alive(pidfd, pid)) {
                throw new RefusedException(t.container() + ": init PID " + pid + " exited; nothing done");
            }
            Statx ns = FileCalls.fstatx(nsFd, proc + "/ns/mnt");
            for (Statx host : hostNamespaces()) {
                if (ns.sameFile(host)) {
                    throw new RefusedException(t.container() + ": PID " + pid + " is in the host's mount namespace,"
                            + " so it is not the container's init; nothing done");
                }
            }
            return new ContainerInit(pidfd, rootFd, nsFd);
        } catch (RefusedException | RuntimeException e) {
            closeAll(nsFd, rootFd, pidfd);
            throw e;
        } catch (IOException e) {
            closeAll(nsFd, rootFd, pidfd);
            throw new IOException(t.container() + ": " + e.getMessage(), e);
        }
    }

    /**
     * ctplug's own mount namespace and PID 1's, looked at once: neither changes while ctplug
     * runs (a thread leaves ctplug's only while it works in a container's, never to prove an init).
     * PID 1's cannot be read where PID 1 is a sandbox's own init that root may not inspect
     * (EACCES); ctplug's own can always be.
     */
    private static List<Statx> hostNamespaces() throws ErrnoException {
        List<Statx> known = hostNamespaces;
        if (known == null) {
            List<Statx> ns = new ArrayList<>();
            ns.add(namespace("/proc/self/ns/mnt"));
            namespaceIfPermitted("/proc/1/ns/mnt").ifPresent(ns::add);
            known = List.copyOf(ns);
            hostNamespaces = known;
        }
        return known;
    }

    /** Signal 0 through a pidfd: false once the process it names has exited (ESRCH). */
    private static boolean alive(int pidfd, int pid) throws ErrnoException {
        try {
            ProcessCalls.pidfdSendSignal(pidfd, 0, "PID " + pid);
            return true;
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ESRCH) {
                return false;
            }
            throw e;
        }
    }

    private static Statx namespace(String path) throws ErrnoException {
        return FileCalls.statx(FileCalls.AT_FDCWD, path, 0, path);
    }

    /** As {@link #namespace}, empty when the path may not be looked at (EACCES). */
    private static Optional<Statx> namespaceIfPermitted(String path) throws ErrnoException {
        try {
            return Optional.of(namespace(path));
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EACCES) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The container's root directory, as an O_PATH fd to resolve container paths from. */
    int rootFd() {
        return rootFd;
    }

    int nsFd() {
        return nsFd;
    }

    @Override
    public void close() {
        closeAll(nsFd, rootFd, pidfd);
    }

    private static void closeAll(int... fds) {
        for (int fd : fds) {
            if (fd >= 0) {
                FileCalls.close(fd);
            }
        }
    }
}
