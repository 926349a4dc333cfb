package org.ctplug.daemon;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.ctplug.mapping.Mapping;
import org.ctplug.mapping.MappingException;
import org.ctplug.plan.Reconciler;
import org.ctplug.plan.RestartHold;
import org.ctplug.systemd.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service loop. Level-triggered: an event, a mapping change or a timer only marks the world
 * dirty; the loop then reconciles from the whole device table. A pass woken by uevents alone looks
 * only at the containers the devices they named feed; a container start, a retry or a mapping
 * change looks at every container. Events that arrive while a reconcile runs are folded into one
 * more reconcile, so a trigger storm costs a few passes, and the first event of a burst is
 * handled at once.
 *
 * <p>The loop waits in its {@link Waiter}, which reads the uevent socket on the loop's own thread:
 * the reconcile an event asks for starts on the thread the kernel woke, with no hand-over to
 * another one. Events that come during a reconcile wait in the socket's receive buffer and are
 * read as soon as it ends.
 */
public final class Daemon {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    private static final Duration RETRY = Duration.ofSeconds(5);
    private static final Duration BURST_GAP = Duration.ofMillis(20);
    private static final Duration MAX_GATHER = Duration.ofMillis(250);
    /**
     * Wake-ups during one reconcile that make a storm. One device brings a few events of its own
     * (a USB stick: the device, its interface, the tty, their binds, and udev's own for each; a
     * zram disk: the disk, its queue); they must not wait for a pause.
     */
    private static final int STORM = 16;
    /**
     * As many wake-ups as {@link #STORM} within this long are a storm too: a trigger brings an
     * event per pass at the least (a pass takes a few ms at most), while a person re-plugging a
     * device (or a benchmark plugging and unplugging forty times a second, 160 wake-ups) brings
     * far fewer, which must not wait for a pause.
     */
    private static final Duration STORM_WINDOW = Duration.ofMillis(50);
    /**
     * Passes that began this soon after the one before follow in quick succession. After
     * {@link #QUICK_PASSES} of them the event thread waits at normal scheduling until the events
     * pause: at SCHED_FIFO it would take the CPU from the program that sends them (udevadm
     * trigger writing one uevent file after another), every event would get a pass of its own,
     * and no storm would ever be seen. A plug's own events (the kernel's, then udev's) come
     * within that many passes.
     */
    private static final Duration QUICK = Duration.ofMillis(10);
    private static final int QUICK_PASSES = 2;
    /**
     * A restart waits until device events pause this long: a burst of re-plugs, or a stick whose
     * second port comes a moment after the first, then gives one restart that starts the
     * container with the devices as they end up (its mount entries name udev's links, which a
     * restart in mid-burst can find gone).
     */
    private static final Duration RESTART_QUIET = Duration.ofSeconds(1);
    /** ...but no longer than this: a device that never stops flapping still gets its restart. */
    private static final Duration RESTART_QUIET_MAX = Duration.ofSeconds(10);
    /**
     * How long the loop stays quiet after a reconcile before it runs its idle task: the JVM hands
     * back its scratch memory to the C heap within a few seconds of a burst of work (its chunk
     * pool is cleaned every 5 s).
     */
    private static final Duration IDLE_AFTER = Duration.ofSeconds(10);

    /**
     * Where the loop waits for work. Whatever it handles tells the daemon through {@link #wake()}
     * and the like, called on the loop's thread.
     */
    public interface Waiter {
        /**
         * Waits at most {@code millis} for an event, handles it and whatever else is queued, and
         * returns; returns at once after {@link #nudge()}.
         */
        void await(long millis) throws InterruptedException;

        /** Handles whatever is queued, without waiting. */
        void drain();

        /** Makes the current or the next {@link #await} return; from any thread. */
        void nudge();
    }

    /**
     * What one reconcile saw and did, and the containers whose restart the rate limit holds back
     * until when: told to listeners on the loop's thread after each reconcile.
     */
    public record Reconciled(Reconciler.Result result, Instant at, Map<String, Instant> restartHeldUntil) {
        public Reconciled {
            restartHeldUntil = Map.copyOf(restartHeldUntil);
        }
    }

    /** Loads the mapping; throws on bad input so the daemon can keep the last good one. */
    public interface MappingSource {
        /** @throws IOException the file cannot be read; the message names it and says why */
        Mapping load() throws MappingException, IOException;
    }

    private final MappingSource source;
    private final Function<Mapping, Reconciler> wiring;
    private final Notifier notifier;
    private final Clock clock;
    private final Duration watchdogInterval;
    private final Object signal = new Object();
    private volatile Waiter waiter;
    private volatile Thread loopThread;
    private boolean dirty = true;
    /** The next pass must look at every container, not only those a device event concerns. */
    private boolean everything = true;
    private boolean reload;
    private volatile boolean stopping;
    private Reconciler reconciler;
    private RestartLimiter limiter;
    private Optional<Instant> retryAt = Optional.empty();
    private long reconciles;
    /** The first wake-up the coming reconcile answers; read and written on the loop's thread. */
    private long wokenAt;
    private long lastWake;
    private final RestartQuiet restartQuiet = new RestartQuiet(RESTART_QUIET, RESTART_QUIET_MAX);
    /** When the first wake-up since the last reconcile began came; 0 when none is pending. */
    private long firstWake;
    /** Passes in a row that each began within {@link #QUICK} of the one before. */
    private int quickPasses;
    private long lastReconcileEnd = System.nanoTime() - Duration.ofSeconds(1).toNanos();
    private boolean stormDuringLastReconcile;
    /** Wake-ups so far; read and written under {@code signal}. */
    private long wakes;
    /** When the last {@link #STORM} wake-ups came, oldest at {@code wakes % STORM}. */
    private final long[] recentWakes = new long[STORM];
    private String lastStatus = "starting";
    private List<String> lastNotes = List.of();
    private final List<Consumer<Reconciled>> listeners = new CopyOnWriteArrayList<>();
    private Runnable idle = () -> { };
    /** When the idle task is due ({@link System#nanoTime()}); 0 once it ran and nothing happened since. */
    private long idleAt;

    public Daemon(MappingSource source, Function<Mapping, Reconciler> wiring, Notifier notifier, Clock clock,
                  Duration watchdogInterval) {
        this.source = source;
        this.wiring = wiring;
        this.notifier = notifier;
        this.clock = clock;
        this.watchdogInterval = watchdogInterval;
    }

    /** Adds a listener told after each reconcile; a listener that throws is logged and kept. */
    public void onReconciled(Consumer<Reconciled> listener) {
        listeners.add(listener);
    }

    /**
     * Device events have come in quick succession ({@link #QUICK_PASSES} passes, each soon after
     * the one before): the loop waits at normal scheduling until they pause for
     * {@link #quietPause()}. Asked on the loop's thread.
     */
    public boolean eventsInQuickSuccession() {
        return quickPasses >= QUICK_PASSES;
    }

    /** How long events must pause before the loop waits at raised priority again. */
    public static Duration quietPause() {
        return QUICK;
    }

    /** Sets the task run once the loop has been quiet for a while after a reconcile; a task that throws is logged. */
    public void onIdle(Runnable task) {
        idle = task;
    }

    /**
     * A uevent came: the next pass looks at the devices the events named and at the containers
     * they feed (an overflow makes the events say that every device must be read again).
     */
    public void wake() {
        synchronized (signal) {
            dirty = true;
            long now = System.nanoTime();
            restartQuiet.woke(lastWake, now);
            lastWake = now;
            recentWakes[(int) (wakes % STORM)] = lastWake;
            wakes++;
            if (firstWake == 0) {
                firstWake = lastWake;
            }
        }
        nudge();
    }

    /** Something other than a device may have changed (a container start): the next pass looks at everything. */
    public void wakeAll() {
        synchronized (signal) {
            everything = true;
        }
        wake();
    }

    /** Re-read the mapping (SIGHUP, file change). */
    public void reload() {
        synchronized (signal) {
            reload = true;
        }
        nudge();
    }

    public void stop() {
        stopping = true;
        nudge();
    }

    /** Makes a waiting loop look at its flags; the loop's own calls need none, it looks next anyway. */
    private void nudge() {
        Waiter w = waiter;
        if (w != null && Thread.currentThread() != loopThread) {
            w.nudge();
        }
    }

    /**
     * Runs until {@link #stop()}, waiting in {@code waiter}, on the calling thread. Returns false
     * when no valid mapping could ever be loaded.
     */
    public boolean run(Waiter waiter) throws InterruptedException {
        loopThread = Thread.currentThread();
        this.waiter = waiter;
        loadMapping();
        Instant lastPing = Instant.MIN;
        boolean ready = false;
        while (!stopping) {
            boolean doReload;
            boolean doReconcile;
            boolean doEverything;
            while (true) {
                long wait;
                synchronized (signal) {
                    if (stopping || dirty || reload || retryDue()) {
                        break;
                    }
                    wait = Math.max(1, Math.min(Math.min(watchdogInterval.toMillis(), millisUntilRetry()),
                            millisUntilIdle()));
                }
                waiter.await(wait);
                if (watchdogDue(lastPing) || idleDue()) {
                    break;
                }
            }
            boolean woken;
            synchronized (signal) {
                woken = dirty && !stopping;
            }
            if (woken) {
                gatherBurst();
            }
            synchronized (signal) {
                doReload = reload;
                doEverything = everything || reload || retryDue();
                everything = false;
                doReconcile = dirty || reload || retryDue();
                wokenAt = firstWake;
                firstWake = 0;
                reload = false;
                dirty = false;
            }
            if (watchdogDue(lastPing)) {
                // sent from the loop itself: a stuck loop stops pinging and systemd restarts us
                notifier.send("WATCHDOG=1");
                lastPing = clock.instant();
            }
            if (stopping) {
                break;
            }
            if (doReload) {
                loadMapping();
            }
            if (doReconcile && reconciler != null) {
                long wakesBefore = wakesSeen();
                quickPasses = System.nanoTime() - lastReconcileEnd < QUICK.toNanos() ? quickPasses + 1 : 0;
                reconcile(doEverything);
                // what came while it ran: a storm or not
                waiter.drain();
                lastReconcileEnd = System.nanoTime();
                stormDuringLastReconcile = wakesSeen() - wakesBefore >= STORM || stormRecently();
                idleAt = System.nanoTime() + IDLE_AFTER.toNanos();
            } else if (idleDue()) {
                idleAt = 0;
                try {
                    idle.run();
                } catch (RuntimeException | UnsatisfiedLinkError e) {
                    LOG.warn("idle task: {}", e.toString());
                }
            }
            if (!ready) {
                notifier.send("READY=1\nSTATUS=" + lastStatus);
                ready = true;
            }
        }
        notifier.send("STOPPING=1");
        return reconciler != null;
    }

    /**
     * The first event after a quiet spell is handled at once, and so are the few events one device
     * brings. When a storm of them (at least {@link #STORM}) arrived while the last reconcile ran
     * (a udevadm trigger), the next pass waits until the stream pauses for {@link #BURST_GAP}, so
     * a storm costs a few passes, not one per event.
     */
    private void gatherBurst() throws InterruptedException {
        if (!stormDuringLastReconcile || System.nanoTime() - lastReconcileEnd >= BURST_GAP.toNanos()) {
            return;
        }
        long deadline = System.nanoTime() + MAX_GATHER.toNanos();
        while (!stopping && System.nanoTime() < deadline) {
            long sinceWake = System.nanoTime() - lastWake();
            if (sinceWake >= BURST_GAP.toNanos()) {
                return;
            }
            waiter.await(Math.max(1, (BURST_GAP.toNanos() - sinceWake) / 1_000_000));
        }
    }

    private long lastWake() {
        synchronized (signal) {
            return lastWake;
        }
    }

    /**
     * The last {@link #STORM} wake-ups came within {@link #STORM_WINDOW}: a storm, however many of
     * them one pass saw. Passes are short, and at SCHED_FIFO the loop takes the CPU from the
     * program that sends the events, so a storm can come one event per pass.
     */
    private boolean stormRecently() {
        synchronized (signal) {
            return wakes >= STORM && lastWake - recentWakes[(int) (wakes % STORM)] <= STORM_WINDOW.toNanos();
        }
    }

    private long wakesSeen() {
        synchronized (signal) {
            return wakes;
        }
    }

    private boolean watchdogDue(Instant lastPing) {
        return lastPing.equals(Instant.MIN) || !clock.instant().isBefore(lastPing.plus(watchdogInterval));
    }

    private boolean idleDue() {
        return idleAt != 0 && System.nanoTime() - idleAt >= 0;
    }

    private long millisUntilIdle() {
        return idleAt == 0 ? Long.MAX_VALUE : Math.max(0, (idleAt - System.nanoTime()) / 1_000_000);
    }

    private boolean retryDue() {
        return retryAt.map(t -> !clock.instant().isBefore(t)).orElse(false);
    }

    private long millisUntilRetry() {
        return retryAt.map(t -> Duration.between(clock.instant(), t).toMillis()).orElse(Long.MAX_VALUE);
    }

    private void loadMapping() {
        try {
            Mapping mapping = source.load();
            if (limiter == null || reconciler == null
                    || !mapping.daemon().restartInterval().equals(reconciler.mapping().daemon().restartInterval())) {
                limiter = new RestartLimiter(mapping.daemon().restartInterval());
            }
            reconciler = wiring.apply(mapping);
            LOG.info("mapping {} loaded: {} entries", mapping.file(), mapping.entries().size());
            wake();
        } catch (MappingException e) {
            e.problems().forEach(p -> LOG.error("{}", p));
            LOG.error(reconciler == null ? "no valid mapping yet; waiting for a fix"
                    : "mapping not reloaded; the last valid one stays in force");
        } catch (IOException e) {
            LOG.error("{}; {}", e.getMessage(), reconciler == null
                    ? "waiting for a fix" : "the last valid one stays in force");
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            // whatever a parser defect or an input past the limits throws, the running mapping is
            // still good and the heap is freed with the half-built one: never end the service for it
            LOG.error("cannot load the mapping: {}; {}", e, reconciler == null
                    ? "waiting for a fix" : "the last valid one stays in force");
        }
    }

    /**
     * Where the reconcile's time went, as monotonic nanoseconds (CLOCK_MONOTONIC, which a
     * benchmark on the same host shares): the wake-up it answers, its start, the world read, the
     * plan made, and the end of each step.
     */
    private String timing(Reconciler.Result r) {
        StringBuilder b = new StringBuilder("timing: woken ").append(wokenAt).append(" started ")
                .append(r.startedNanos()).append(" observed ").append(r.observedNanos()).append(" planned ")
                .append(r.plannedNanos());
        for (var step : r.outcome().steps()) {
            b.append(' ').append(step.action().getClass().getSimpleName()).append(' ').append(step.endedNanos());
        }
        return b.toString();
    }

    private void reconcile(boolean everything) {
        Instant now = clock.instant();
        // a pass for some containers only replans those: a retry another one waits for (a
        // restart held until the events pause) must outlive it, or nothing would wake that one
        Optional<Instant> pending = everything ? Optional.empty() : retryAt;
        retryAt = Optional.empty();
        try {
            long started = System.nanoTime();
            long quietAt = restartQuiet.quietAt(started, lastWake());
            boolean settling = started < quietAt;
            Reconciler.Result r = reconciler.run(new RestartHold(limiter.blocked(now), settling), everything);
            reconciles++;
            if (LOG.isDebugEnabled()) {
                LOG.debug("reconcile {} took {} µs ({} actions); {}", reconciles, (System.nanoTime() - started) / 1000,
                        r.plan().actions().size(), timing(r));
            }
            if (r.input().scope().isPresent()) {
                // a pass for a device event planned for some containers only: their new notes
                List<String> fresh = r.plan().notes().stream().filter(n -> !lastNotes.contains(n)).toList();
                fresh.forEach(n -> LOG.warn("{}", n));
                if (!fresh.isEmpty()) {
                    lastNotes = java.util.stream.Stream.concat(lastNotes.stream(), fresh.stream()).toList();
                }
            } else if (!r.plan().notes().equals(lastNotes)) {
                // notes repeat on every pass while their cause lasts: log them when they change
                r.plan().notes().forEach(n -> LOG.warn("{}", n));
                lastNotes = r.plan().notes();
            }
            r.outcome().restarted().forEach(id -> limiter.restarted(id, clock.instant()));
            boolean again = r.plan().retry() || !r.outcome().ok();
            restartQuiet.passed(started, lastWake(), settling, r.plan().retry(), !r.outcome().restarted().isEmpty());
            if (again) {
                Instant next = clock.instant().plus(RETRY);
                Optional<Instant> release = limiter.nextRelease(clock.instant());
                if (settling) {
                    Instant quiet = clock.instant().plusNanos(Math.max(0, quietAt - System.nanoTime()));
                    release = Optional.of(release.filter(quiet::isAfter).orElse(quiet));
                }
                retryAt = Optional.of(release.filter(next::isAfter).orElse(next));
            }
            if (r.input().scope().isPresent()) {
                retryAt = earliest(retryAt, pending);
            }
            // the state's triggered devpaths are exactly the devices bound to an entry now
            String status = r.input().devices().size() + " devices seen, "
                    + r.plan().newState().triggeredDevpaths().size() + " mapped, "
                    + r.plan().newState().containers().size() + " containers served";
            if (!status.equals(lastStatus)) {
                notifier.send("STATUS=" + status);
                lastStatus = status;
            }
            Reconciled done = new Reconciled(r, clock.instant(), limiter.heldUntil(clock.instant()));
            for (Consumer<Reconciled> l : listeners) {
                try {
                    l.accept(done);
                } catch (RuntimeException e) {
                    LOG.warn("after reconcile: {}", e.toString());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("reconcile failed: {}", e.toString());
            retryAt = Optional.of(clock.instant().plus(RETRY));
        }
    }

    private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() ? b : a;
        }
        return a.get().isBefore(b.get()) ? a : b;
    }
}
