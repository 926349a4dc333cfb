package org.ctplug.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.ctplug.container.ContainerStarts;
import org.ctplug.container.RunState;
import org.ctplug.plan.ContainerView;
import org.ctplug.plan.PlanInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the daemon when a container starts, and again once it runs: its cgroup appears while
 * LXC is still setting it up (its /dev may not be mounted yet, and lxc-info says STARTING), so
 * for a container the mapping names a waiter asks LXC to say when it is RUNNING. That way a
 * container restored from a backup or created anew gets its nodes within moments of starting,
 * not at the next device event.
 *
 * <p>The udev links of those nodes come the same way after every start or restart. A config
 * mount entry cannot make a symlink, and an LXC hook ({@code lxc.hook.autodev}) that could was
 * weighed and not taken: it is one more line ctplug would own in every container's config, it
 * would run a program (a JVM, or a shell parsing untrusted link names) inside every container
 * start, where a failure aborts the start (lxc.container.conf(5): a hook that exits non-zero
 * fails it), and it would act on what was true when it last wrote a file rather than on the
 * devices present then. Woken here, the one planner decides from what the container holds now,
 * and the live room makes the links through the same checked path as nodes. The cost: a start
 * while no daemon runs gets its links at the next {@code apply}.
 */
public final class StartWaker implements Consumer<Daemon.Reconciled>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StartWaker.class);
    // a container whose start takes longer (hooks, a slow mount) is still seen at its next event
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Daemon daemon;
    private final ContainerStarts.Roots roots;
    private final ContainerStarts starts;
    private final Path proc = Path.of("/proc");
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();
    private Set<Integer> learned = new HashSet<>();
    private volatile PlanInput latest;

    private StartWaker(Daemon daemon, ContainerStarts.Roots roots) throws IOException {
        this.daemon = daemon;
        this.roots = roots;
        this.starts = new ContainerStarts(this::starting);
        starts.watchRoots(roots);
    }

    /** Watches the host's cgroup roots; {@link #run()} then reports starts until {@link #close()}. */
    public static StartWaker open(Daemon daemon, ContainerStarts.Roots roots) throws IOException {
        StartWaker waker = new StartWaker(daemon, roots);
        daemon.onReconciled(waker);
        return waker;
    }

    public void run() {
        starts.run();
    }

    void starting(String name) {
        daemon.wakeAll();
        PlanInput in = latest;
        if (in == null || !in.containers().containsKey(name) || !waiting.add(name)) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                boolean running = in.backend().awaitRunning(name, START_TIMEOUT);
                LOG.debug("container {} {}", name, running ? "runs" : "did not reach RUNNING");
            } catch (IOException | RuntimeException e) {
                LOG.debug("waiting for container {} to run: {}", name, e.getMessage());
            } finally {
                waiting.remove(name);
                daemon.wakeAll();
            }
        }, "ctplug-start-" + name);
        t.setDaemon(true);
        t.start();
    }

    /** Remembers the containers the mapping names, and watches where running ones keep their cgroups. */
    @Override
    public void accept(Daemon.Reconciled done) {
        if (done.result().input().scope().isPresent()) {
            // a pass for a device event looked at some containers only
            return;
        }
        latest = done.result().input();
        Set<Integer> running = new HashSet<>();
        for (ContainerView v : latest.containers().values()) {
            if (v.status().state() != RunState.RUNNING || v.status().initPid().isEmpty()) {
                continue;
            }
            int pid = v.status().initPid().getAsInt();
            running.add(pid);
            if (!learned.contains(pid)) {
                try {
                    starts.learn(v.status().id(), Files.readString(proc.resolve(pid + "/cgroup")), roots);
                } catch (NoSuchFileException gone) {
                    continue;
                } catch (IOException e) {
                    LOG.debug("cannot read the cgroup of container {}: {}", v.status().id(), e.getMessage());
                }
            }
        }
        learned = running;
    }

    @Override
    public void close() throws IOException {
        starts.close();
    }
}
