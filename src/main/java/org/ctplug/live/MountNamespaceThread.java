package org.ctplug.live;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.ctplug.sys.ProcessCalls;

/**
 * Runs one piece of work inside a container's mount namespace on a fresh OS thread that ends
 * afterwards. setns(2) with CLONE_NEWNS changes the caller's root and cwd, so it refuses
 * (EINVAL) a thread that shares its fs_struct with others, as every JVM thread does: the
 * thread first gets a private copy with unshare(CLONE_FS). Its namespace is then tainted, so
 * the thread is never reused.
 */
final class MountNamespaceThread {
    /** Work done in the target namespace; it resolves paths from fds it was given, never by name. */
    @FunctionalInterface
    interface Work {
        void run() throws IOException;
    }

    private MountNamespaceThread() {
    }

    /** @param nsFd the container's mount namespace, opened by {@link ContainerInit}; the caller closes it */
    static void run(String name, int nsFd, Work work) throws IOException {
        ProcessCalls.load();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                ProcessCalls.unshare(ProcessCalls.CLONE_FS, "CLONE_FS");
                ProcessCalls.setns(nsFd, ProcessCalls.CLONE_NEWNS, "the mount namespace of " + name);
                work.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "ctplug-mntns-" + name);
        thread.setDaemon(true);
        thread.start();
        joinUninterruptibly(thread);
        Throwable t = failure.get();
        if (t instanceof RefusedException refused) {
            throw refused;
        } else if (t instanceof IOException io) {
            throw new IOException(name + ": " + io.getMessage(), io);
        } else if (t instanceof RuntimeException re) {
            throw re;
        } else if (t instanceof Error err) {
            throw err;
        } else if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    // the work uses fds the caller closes after return, so the caller must not leave early;
    // the work itself is a handful of syscalls
    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
