package org.ctplug.live;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.ctplug.sys.ProcessCalls;

/**
 * Runs one piece of work inside a container's mount namespace on an OS thread that ends
 * afterwards. setns(2) with CLONE_NEWNS changes the caller's root and cwd, so it refuses
 * (EINVAL) a thread that shares its fs_struct with others, as every JVM thread does: the
 * thread first gets a private copy with unshare(CLONE_FS). Its namespace is then tainted, so
 * the thread is never reused. Starting a thread costs more than the work itself, so one is kept
 * ready in the host's namespace (fs_struct already private, nothing else done) and handed the
 * next piece of work; the next spare is started by the host thread once the work is done. A
 * thread is only ever created by a host thread: one created inside a container's namespace
 * would be born in it.
 */
final class MountNamespaceThread {
    /** Work done in the target namespace; it resolves paths from fds it was given, never by name. */
    @FunctionalInterface
    interface Work {
        void run() throws IOException;
    }

    /** One piece of work handed to a spare; {@code done} counts down when it ended, {@code failure} says how. */
    private static final class Job {
        final String name;
        final int nsFd;
        final Work work;
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(String name, int nsFd, Work work) {
            this.name = name;
            this.nsFd = nsFd;
            this.work = work;
        }
    }

    /** The thread kept ready, and where it takes its one job from. */
    private record Spare(Thread thread, SynchronousQueue<Job> jobs) {
    }

    private static Spare spare;

    private MountNamespaceThread() {
    }

    /** @param nsFd the container's mount namespace, opened by {@link ContainerInit}; the caller closes it */
    static void run(String name, int nsFd, Work work) throws IOException {
        ProcessCalls.load();
        Job job = new Job(name, nsFd, work);
        Spare ready = take();
        putUninterruptibly(ready.jobs(), job);
        awaitUninterruptibly(job.done);
        prepare();
        Throwable t = job.failure.get();
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

    /** The spare kept ready, or one started now when there is none. */
    private static synchronized Spare take() {
        Spare s = spare != null ? spare : start();
        spare = null;
        return s;
    }

    /** Starts the next spare, from this (host) thread, unless one is ready. */
    private static synchronized void prepare() {
        if (spare == null) {
            spare = start();
        }
    }

    private static Spare start() {
        SynchronousQueue<Job> jobs = new SynchronousQueue<>();
        Thread thread = new Thread(() -> serve(jobs), "ctplug-mntns-spare");
        thread.setDaemon(true);
        thread.start();
        return new Spare(thread, jobs);
    }

    /** A spare's whole life: a private fs_struct, one job in the job's namespace, the end. */
    private static void serve(SynchronousQueue<Job> jobs) {
        Throwable unshared = null;
        try {
            ProcessCalls.unshare(ProcessCalls.CLONE_FS, "CLONE_FS");
        } catch (Throwable t) {
            unshared = t;
        }
        Job job;
        while (true) {
            try {
                job = jobs.take();
                break;
            } catch (InterruptedException e) {
                // a spare waits for its job whatever happens; it is a daemon thread
            }
        }
        try {
            if (unshared != null) {
                throw unshared;
            }
            ProcessCalls.setns(job.nsFd, ProcessCalls.CLONE_NEWNS, "the mount namespace of " + job.name);
            job.work.run();
        } catch (Throwable t) {
            job.failure.set(t);
        } finally {
            job.done.countDown();
        }
    }

    private static void putUninterruptibly(SynchronousQueue<Job> jobs, Job job) {
        boolean interrupted = false;
        while (true) {
            try {
                jobs.put(job);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // the work uses fds the caller closes after return, so the caller must not leave early;
    // the work itself is a handful of syscalls
    private static void awaitUninterruptibly(CountDownLatch done) {
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
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
