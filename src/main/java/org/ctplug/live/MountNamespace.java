package org.ctplug.live;

import java.io.IOException;
import org.ctplug.sys.ErrnoException;
import org.ctplug.sys.FileCalls;
import org.ctplug.sys.ProcessCalls;

/**
 * Runs one piece of work inside a container's mount namespace on the calling thread, and brings
 * the thread back. setns(2) with CLONE_NEWNS changes the caller's root and cwd, so it refuses
 * (EINVAL) a thread that shares its fs_struct with others, as every JVM thread does: the thread
 * takes a private copy with unshare(CLONE_FS) right before (a no-op while it has one; threads it
 * started since share its copy, and keep it), and keeps its own namespace, root and cwd open to
 * come back to. Handing the work to another thread instead cost a wake-up of
 * that thread on every node, and a new thread after it, since one that entered a container's
 * namespace could not be trusted to come back.
 *
 * <p>Coming back is setns to the thread's own namespace, which puts its root and cwd at that
 * namespace's root, then its own root and cwd again. None of that fails for a root process that
 * could enter; were it to, the thread would be left resolving paths in a container, so the
 * process ends at once (systemd starts the service again).
 */
final class MountNamespace {
    /** Work done in the target namespace; it resolves paths from fds it was given, never by name. */
    @FunctionalInterface
    interface Work {
        void run() throws IOException;
    }

    /** A thread's own mount namespace, root and working directory, as fds to return to. */
    private record Home(int ns, int root, int cwd) {
    }

    private static final ThreadLocal<Home> HOME = new ThreadLocal<>();

    private MountNamespace() {
    }

    /** @param nsFd the container's mount namespace, opened by {@link ContainerInit}; the caller closes it */
    static void run(String name, int nsFd, Work work) throws IOException {
        ProcessCalls.load();
        Home home = home();
        ProcessCalls.unshare(ProcessCalls.CLONE_FS, "CLONE_FS");
        // a failed setns leaves the thread where it was
        ProcessCalls.setns(nsFd, ProcessCalls.CLONE_NEWNS, "the mount namespace of " + name);
        try {
            work.run();
        } catch (RefusedException e) {
            throw e;
        } catch (IOException e) {
            // a call's error names the path inside; the container is named here
            throw new IOException(name + ": " + e.getMessage(), e);
        } finally {
            comeBack(home, name);
        }
    }

    /** The calling thread's home, opened the first time. */
    private static Home home() throws ErrnoException {
        Home home = HOME.get();
        if (home != null) {
            return home;
        }
        int ns = FileCalls.open("/proc/thread-self/ns/mnt", FileCalls.O_RDONLY, 0);
        int root = -1;
        try {
            root = FileCalls.open("/", FileCalls.O_PATH | FileCalls.O_DIRECTORY, 0);
            int cwd = FileCalls.open(".", FileCalls.O_PATH | FileCalls.O_DIRECTORY, 0);
            home = new Home(ns, root, cwd);
        } catch (ErrnoException e) {
            FileCalls.close(ns);
            if (root >= 0) {
                FileCalls.close(root);
            }
            throw e;
        }
        HOME.set(home);
        return home;
    }

    private static void comeBack(Home home, String name) {
        try {
            ProcessCalls.setns(home.ns(), ProcessCalls.CLONE_NEWNS, "ctplug's own mount namespace");
            FileCalls.fchdir(home.root(), "ctplug's root");
            ProcessCalls.chroot(".");
            FileCalls.fchdir(home.cwd(), "ctplug's working directory");
        } catch (ErrnoException | RuntimeException | Error e) {
            // stderr is an fd already open: nothing is looked up by name here
            System.err.println("ctplug: cannot leave the mount namespace of " + name + " (" + e
                    + "); ending at once");
            Runtime.getRuntime().halt(70);
        }
    }
}
