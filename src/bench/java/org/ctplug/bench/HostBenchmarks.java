package org.ctplug.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ctplug.netlink.UeventSender;
import org.ctplug.testing.HostFiles;
import org.ctplug.testing.LxcContainer;
import org.ctplug.testing.Zram;
import org.ctplug.testing.Tty;

/**
 * The end-to-end figures: a real udevd, real uevents for ttyS0 and the consoles, the daemon as
 * its own process and a real container whose device cgroup denies all but the basics. Each
 * phase gets a fresh container, a fresh daemon and clean host files.
 */
final class HostBenchmarks {
    /** ttyS0 is 4:64; the consoles tty5 and tty6 are 4:5 and 4:6. */
    private static final int TTY_MAJOR = 4;
    private static final int TTYS0_MINOR = 64;
    private static final String NODE = "/dev/ttyBench";
    private static final Path UDEV_DB_TTYS0 = Path.of("/run/udev/data/c4:64");
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** A private multicast group for the flood, so udev monitors elsewhere on the host are spared. */
    private static final int FLOOD_GROUP = 1 << 22;

    private final Path work;
    private final Path jar;
    private final Path probe;
    private final List<String> jvmOptions;
    private final Report report;

    HostBenchmarks(Path work, Path jar, Path launcher, Path probe, Report report) throws IOException {
        this.work = work;
        this.jar = jar;
        this.probe = probe;
        this.jvmOptions = DaemonRun.withClassArchive(jar, DaemonRun.launcherOptions(launcher), work);
        this.report = report;
        report.note("daemon JVM options (from the launcher): " + String.join(" ", jvmOptions));
    }

    private Path mapping(String name, String kernel, String container, String extra) throws IOException {
        Path file = work.resolve(name + ".yaml");
        Files.writeString(file, """
                version: 1
                backend: lxc
                %s
                devices:
                  bench:
                    match: {kernel: "%s"}
                    link: ttyCtplugBench
                    containers:
                      - id: %s
                        path: %s
                """.formatted(extra, kernel, container, NODE));
        return file;
    }

    /**
     * Runs {@code body} with a started container as the host tests make it (deny-all device
     * cgroup with the basic allows) holding the probe, then stops everything and cleans the host.
     */
    private interface Phase {
        void run(LxcContainer ct) throws Exception;
    }

    private void phase(String title, Phase body) throws Exception {
        System.out.println("== " + title);
        HostState.alone(-1);
        HostFiles.clean();
        try (LxcContainer ct = LxcContainer.create("ctplug-bench", true, false)) {
            Probe.install(probe, ct);
            ct.start();
            body.run(ct);
        } finally {
            HostFiles.clean();
        }
    }

    void hotplug(int samples, int warmup) throws Exception {
        phase("hotplug: add of ttyS0 until the node opens inside", ct -> {
            Tty.event("ttyS0", "remove");
            Path map = mapping("hotplug", "ttyS0", ct.name, "defaults: {on_plug: hotplug}");
            try (DaemonRun d = DaemonRun.start(jar, jvmOptions, work.resolve("hotplug.log"), "--config", map.toString());
                 Probe p = Probe.start(ct, NODE, TTY_MAJOR, TTYS0_MINOR)) {
                expect(p.await(false, WAIT), "probe start", d);
                List<Long> lat = new ArrayList<>();
                List<Long> udev = new ArrayList<>();
                for (int i = 0; i < warmup + samples; i++) {
                    if (i % 20 == 0) {
                        HostState.alone(d.process.pid());
                    }
                    long t0 = System.nanoTime();
                    HostState.event("ttyS0", "add");
                    long initialized = awaitFile(UDEV_DB_TTYS0, t0);
                    Probe.Change up = expect(p.await(true, WAIT), "node after add #" + i, d);
                    if (i >= warmup) {
                        lat.add(up.nanos() - t0);
                        udev.add(initialized - t0);
                    }
                    HostState.event("ttyS0", "remove");
                    expect(p.await(false, WAIT), "node gone after remove #" + i, d);
                    Thread.sleep(20);
                }
                Stats s = Stats.of(lat);
                report.row("plug-to-usable, hotplug: p50", ms(s.percentileMs(50)), "<= 10 ms");
                report.row("plug-to-usable, hotplug: p99", ms(s.percentileMs(99)), "<= 50 ms");
                report.row("plug-to-usable, hotplug: max / samples", ms(s.maxMs()) + " / " + s.count(), ">= 200");
                Stats u = Stats.of(udev);
                report.row("  of which udevd (add -> its database file): p50 / p99",
                        ms(u.percentileMs(50)) + " / " + ms(u.percentileMs(99)), "");
            }
        });
    }

    /**
     * ctplug and LXD side by side, in one run and alternating event by event, with one end
     * condition: the probe inside each container sees the node usable (plug) or gone (unplug).
     * Each side gets its own real trigger: a kernel uevent of ttyS0 for ctplug, the source node
     * made and unlinked on the host for LXD's unix-char device (LXD hotplugs on inotify).
     */
    void sideBySide(int samples, int warmup) throws Exception {
        String layout = layout();
        phase("side by side with LXD (" + layout + "): plug and unplug until the probe inside sees it", ct -> {
            Tty.event("ttyS0", "remove");
            Path source = Path.of("/dev/ctplug-bench-lxd-source");
            Files.deleteIfExists(source);
            Path map = mapping("peer", "ttyS0", ct.name, "defaults: {on_plug: hotplug}");
            try (LxdPeer lxd = LxdPeer.start(work, probe);
                 DaemonRun d = DaemonRun.start(jar, jvmOptions, work.resolve("peer.log"), "--config", map.toString());
                 Probe p = Probe.start(ct, NODE, TTY_MAJOR, TTYS0_MINOR)) {
                lxd.addDevice("bench", "unix-char", source.toString(), NODE);
                try (Probe q = Probe.start(lxd.enter(), NODE, TTY_MAJOR, TTYS0_MINOR)) {
                    expect(p.await(false, WAIT), "ctplug probe start", d);
                    expect(q.await(false, WAIT), "LXD probe start", d);
                    org.ctplug.posix.Posix posix = org.ctplug.posix.Posix.get();
                    Pairs pairs = new Pairs();
                    int missed = 0;
                    for (int i = 0; i < warmup + samples; i++) {
                        if (i % 20 == 0) {
                            HostState.alone(d.process.pid());
                        }
                        boolean keep = i >= warmup;
                        long t0 = System.nanoTime();
                        HostState.event("ttyS0", "add");
                        long up = expect(p.await(true, WAIT), "ctplug node after add #" + i, d).nanos();
                        Thread.sleep(10);
                        long t1 = System.nanoTime();
                        posix.mknodChar(source, 0660, TTY_MAJOR, TTYS0_MINOR);
                        // LXD's unix-char hotplug (inotify on the source's directory) now and then
                        // misses a node: counted, and that pair left out, as on zram
                        Optional<Probe.Change> lup = q.await(true, Duration.ofSeconds(2));
                        Thread.sleep(10);
                        long t2 = System.nanoTime();
                        HostState.event("ttyS0", "remove");
                        long down = expect(p.await(false, WAIT), "ctplug node gone after remove #" + i, d).nanos();
                        Thread.sleep(10);
                        long t3 = System.nanoTime();
                        Files.delete(source);
                        if (lup.isEmpty()) {
                            missed++;
                            // whatever LXD does late is over before the next pair
                            q.forget(Duration.ofSeconds(1));
                            continue;
                        }
                        long ldown = expect(q.await(false, WAIT), "LXD node gone after unlink #" + i, d).nanos();
                        Thread.sleep(10);
                        if (keep) {
                            pairs.add(up - t0, lup.get().nanos() - t1, down - t2, ldown - t3);
                        }
                    }
                    pairs.report(layout + ", plug -> usable", layout + ", unplug -> gone");
                    report.row(layout + ", tty: mknods LXD missed (its node never came)", missed + " of "
                            + (warmup + samples), "");
                }
            } finally {
                Files.deleteIfExists(source);
            }
        });
    }

    /**
     * ctplug and LXD on one common real trigger: a zram block device hot-added and hot-removed.
     * ctplug acts on the kernel's add and remove; LXD's unix-block device ({@code required=false})
     * on the node devtmpfs makes and unlinks. Both are timed from the same instant, to the probe
     * inside each container seeing the node usable or gone. The kernel gives a re-added device the
     * lowest free index, so every add is the same zramN with the same number.
     */
    void sideBySideZram(int samples, int warmup) throws Exception {
        String layout = layout();
        phase("side by side with LXD on zram (" + layout + "): hot_add / hot_remove until the probe sees it", ct -> {
            try (Zram zram = new Zram()) {
                int index = zram.add();
                String[] dev = Zram.dev(index).split(":");
                // udev's blkid probe may still hold the new device open
                removeWhenClosed(zram, index);
                int major = Integer.parseInt(dev[0]);
                int minor = Integer.parseInt(dev[1]);
                Path map = zramMapping("peer-zram", index, ct);
                try (LxdPeer lxd = LxdPeer.start(work, probe);
                     DaemonRun d = DaemonRun.start(jar, jvmOptions, work.resolve("peer-zram.log"), "--config",
                             map.toString());
                     Probe p = Probe.start(ct, NODE, major, minor)) {
                    lxd.addDevice("bench", "unix-block", "/dev/zram" + index, NODE);
                    try (Probe q = Probe.start(lxd.enter(), NODE, major, minor)) {
                        expect(p.await(false, WAIT), "ctplug probe start", d);
                        expect(q.await(false, WAIT), "LXD probe start", d);
                        Pairs pairs = new Pairs();
                        int missed = 0;
                        for (int i = 0; i < warmup + samples; i++) {
                            if (i % 20 == 0) {
                                HostState.alone(d.process.pid());
                            }
                            long t0 = System.nanoTime();
                            addAgain(zram, index);
                            long up = expect(p.await(true, WAIT), "ctplug node after hot_add #" + i, d).nanos();
                            // LXD's unix-block hotplug (inotify on /dev) now and then misses an add:
                            // counted, and that pair left out, rather than ending the comparison
                            Optional<Probe.Change> lup = q.await(true, Duration.ofSeconds(2));
                            Thread.sleep(10);
                            long t1 = System.nanoTime();
                            removeWhenClosed(zram, index);
                            long down = expect(p.await(false, WAIT), "ctplug node gone after hot_remove #" + i, d)
                                    .nanos();
                            Optional<Probe.Change> ldown = lup.isPresent() ? q.await(false, WAIT) : Optional.empty();
                            Thread.sleep(10);
                            if (lup.isEmpty() || ldown.isEmpty()) {
                                missed++;
                            } else if (i >= warmup) {
                                pairs.add(up - t0, lup.get().nanos() - t0, down - t1, ldown.get().nanos() - t1);
                            }
                        }
                        pairs.report(layout + ", zram hot_add -> usable", layout + ", zram hot_remove -> gone");
                        report.row(layout + ", zram: hot_adds LXD missed (its node never came)", missed + " of "
                                + (warmup + samples), "");
                    }
                }
            }
        });
    }

    /** The host's cgroup layout, as the rows name it. */
    private static String layout() {
        return org.ctplug.host.Host.v1DevicesMount().isPresent() ? "v1" : "cgroup2";
    }

    /** The kernel gives a re-added device the lowest free index: the same zramN every time. */
    private static void addAgain(Zram zram, int index) {
        if (zram.add() != index) {
            throw new IllegalStateException("zram hot_add did not give zram" + index + " again");
        }
    }

    /** A mapping that hotplugs zram{@code index} into {@code ct} at the probe's path. */
    private Path zramMapping(String name, int index, LxcContainer ct) throws IOException {
        Path map = work.resolve(name + ".yaml");
        Files.writeString(map, """
                version: 1
                backend: lxc
                defaults: {on_plug: hotplug}
                devices:
                  bench:
                    match: {subsystem: block, kernel: "zram%d"}
                    containers:
                      - id: %s
                        path: %s
                """.formatted(index, ct.name, NODE));
        return map;
    }

    /** hot_remove fails with EBUSY while a probe (or udev's blkid) has the device open: try again. */
    private static void removeWhenClosed(Zram zram, int index) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                zram.remove(index);
                return;
            } catch (java.io.UncheckedIOException busy) {
                if (attempt == 200) {
                    throw busy;
                }
                // Thread.sleep rounds anything below 1 ms up to 1 ms
                java.util.concurrent.locks.LockSupport.parkNanos(200_000);
            }
        }
    }

    /**
     * Where a plug's and an unplug's time goes, from the daemon's per-reconcile timing lines (debug
     * level; the timed phases run at the default level). The daemon stamps its steps with the
     * monotonic clock the benchmark and the probe share, so each sample splits into: the kernel's
     * event until the daemon is woken (the uevent write, netlink, the listener thread), the
     * hand-over to the loop, reading the host, planning, the cgroup rule, the node, and the node
     * made until the probe inside sees it (it looks about every 0.13 ms).
     */
    void breakdown(int samples) throws Exception {
        String layout = layout();
        phase("breakdown (" + layout + "): where a plug's and an unplug's time goes (daemon at debug level)", ct -> {
            Tty.event("ttyS0", "remove");
            Path map = mapping("breakdown", "ttyS0", ct.name, "defaults: {on_plug: hotplug}");
            split(layout + ", tty", map, ct, TTY_MAJOR, TTYS0_MINOR, samples, () -> HostState.event("ttyS0", "add"),
                    () -> HostState.event("ttyS0", "remove"));
        });
        phase("breakdown on zram (" + layout + "): hot_add / hot_remove (daemon at debug level)", ct -> {
            try (Zram zram = new Zram()) {
                int index = zram.add();
                String[] dev = Zram.dev(index).split(":");
                removeWhenClosed(zram, index);
                Path map = zramMapping("breakdown-zram", index, ct);
                split(layout + ", zram", map, ct, Integer.parseInt(dev[0]), Integer.parseInt(dev[1]), samples,
                        () -> addAgain(zram, index), () -> removeWhenClosed(zram, index));
            }
        });
    }

    /** A plug or an unplug of the device a split times. */
    private interface Trigger {
        void run() throws IOException, InterruptedException;
    }

    /** Plugs and unplugs (20 warm-up pairs, then {@code samples}) split at the daemon's timing lines. */
    private void split(String what, Path map, LxcContainer ct, int major, int minor, int samples, Trigger plug,
                       Trigger unplug) throws Exception {
        try (DaemonRun d = DaemonRun.start(jar, jvmOptions, Map.of("CTPLUG_LOG_LEVEL", "debug"),
                work.resolve("breakdown-" + what.replace(", ", "-") + ".log"), "--config", map.toString());
             Probe p = Probe.start(ct, NODE, major, minor)) {
            expect(p.await(false, WAIT), "probe start", d);
            List<long[]> plugs = new ArrayList<>();
            List<long[]> unplugs = new ArrayList<>();
            List<Long> warmUp = new ArrayList<>();
            for (int i = 0; i < 20 + samples; i++) {
                if (i % 20 == 0) {
                    HostState.alone(d.process.pid());
                }
                long t0 = System.nanoTime();
                plug.run();
                long up = expect(p.await(true, WAIT), "node after plug #" + i, d).nanos();
                Thread.sleep(30);
                long t1 = System.nanoTime();
                unplug.run();
                long down = expect(p.await(false, WAIT), "node gone after unplug #" + i, d).nanos();
                Thread.sleep(30);
                if (i >= 20) {
                    plugs.add(new long[] {t0, up});
                    unplugs.add(new long[] {t1, down});
                } else {
                    warmUp.add(up - t0);
                }
            }
            // what a host sees: a daemon runs for weeks and meets a few plugs, the first ones cold
            report.row(what + ": first plug after the daemon's start", ms(warmUp.get(0) / 1e6), "");
            report.row(what + ": plugs 2 to 10 after the start, p50", ms(Stats.of(warmUp.subList(1, 10))
                    .percentileMs(50)), "");
            List<Timing> timings = Timing.parse(d.logText());
            report.row(what + ", breakdown: samples (plug / unplug)", plugs.size() + " / " + unplugs.size(), "");
            Timing.report(report, what + " plug", plugs, timings, "AllowDevice", "InjectNode");
            Timing.report(report, what + " unplug", unplugs, timings, "DenyDevice", "RemoveNode");
        }
    }

    /** Plug and unplug times of ctplug and LXD, sample by sample, for the side-by-side table. */
    private final class Pairs {
        private final List<Long> plug = new ArrayList<>();
        private final List<Long> peerPlug = new ArrayList<>();
        private final List<Long> unplug = new ArrayList<>();
        private final List<Long> peerUnplug = new ArrayList<>();

        void add(long plugNanos, long peerPlugNanos, long unplugNanos, long peerUnplugNanos) {
            plug.add(plugNanos);
            peerPlug.add(peerPlugNanos);
            unplug.add(unplugNanos);
            peerUnplug.add(peerUnplugNanos);
        }

        void report(String plugTitle, String unplugTitle) {
            compare(plugTitle, Stats.of(plug), Stats.of(peerPlug));
            compare(unplugTitle, Stats.of(unplug), Stats.of(peerUnplug));
        }
    }

    private void compare(String what, Stats ctplug, Stats lxd) {
        report.row(what + ": ctplug p50 / p90 / p99", triple(ctplug), "");
        report.row(what + ": LXD p50 / p90 / p99", triple(lxd), "");
        report.row(what + ": LXD p50 / ctplug p50 (samples)", String.format("%.2fx (%d)",
                lxd.percentileMs(50) / ctplug.percentileMs(50), ctplug.count()), ">= 3x");
    }

    private static String triple(Stats s) {
        return ms(s.percentileMs(50)) + " / " + ms(s.percentileMs(90)) + " / " + ms(s.percentileMs(99));
    }

    void restart(int samples) throws Exception {
        phase("restart: add of tty5/tty6 (new minor) until the node opens in the restarted container", ct -> {
            Tty.event("tty6", "remove");
            Path map = mapping("restart", "tty[56]", ct.name,
                    "defaults: {on_plug: restart}\ndaemon: {restart_interval: 1s}");
            try (DaemonRun d = DaemonRun.start(jar, jvmOptions, work.resolve("restart.log"), "--config",
                    map.toString())) {
                int current = 5;
                Optional<Long> first = usableInNewContainer(ct, -1, current, System.nanoTime());
                expect(first, "node of tty5 after the daemon started", d);
                List<Long> lat = new ArrayList<>();
                long lastUp = System.nanoTime();
                for (int i = 0; i < samples; i++) {
                    // RestartLimiter doubles the interval for restarts closer than 2 intervals
                    sleepUntil(lastUp + 2_300_000_000L);
                    HostState.alone(d.process.pid());
                    int pid = ct.initPid();
                    int next = current == 5 ? 6 : 5;
                    HostState.event("tty" + current, "remove");
                    long t0 = System.nanoTime();
                    HostState.event("tty" + next, "add");
                    long up = expect(usableInNewContainer(ct, pid, next, t0), "restart #" + i, d);
                    lat.add(up - t0);
                    lastUp = up;
                    current = next;
                }
                Stats s = Stats.of(lat);
                report.row("plug-to-usable, restart: p50", ms(s.percentileMs(50)), "");
                report.row("plug-to-usable, restart: p99 (= max) / samples", ms(s.percentileMs(99)) + " / "
                        + s.count(), ">= 20 samples");
            }
        });
    }

    /**
     * When the node of tty{@code minor} first opens in a container instance other than
     * {@code oldPid}: a probe can only be attached once the new instance runs, so it is
     * attached again until one reports the node up.
     */
    private Optional<Long> usableInNewContainer(LxcContainer ct, int oldPid, int minor, long since)
            throws Exception {
        long end = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < end) {
            int pid = ct.initPid();
            if (pid > 0 && pid != oldPid) {
                try (Probe p = Probe.start(ct, NODE, TTY_MAJOR, minor)) {
                    Optional<Probe.Change> up = p.await(true, Duration.ofSeconds(10));
                    if (up.isPresent() && ct.initPid() == pid) {
                        return Optional.of(up.get().nanos());
                    }
                }
            }
            Thread.sleep(10);
        }
        return Optional.empty();
    }

    private static boolean jnaCached() throws IOException {
        Path cache = Path.of("/var/cache/ctplug");
        if (!Files.isDirectory(cache)) {
            return false;
        }
        try (var found = Files.newDirectoryStream(cache, "libjnidispatch-*.so")) {
            return found.iterator().hasNext();
        }
    }

    void idle(Duration length) throws Exception {
        phase("idle: daemon with one mapped device and a running container", ct -> {
            Path map = mapping("idle", "ttyS0", ct.name, "defaults: {on_plug: hotplug}");
            // start -> READY=1 as systemd sees it (Type=notify): the JVM's start, the mapping, the
            // first full reconcile (sysfs, the container's status, config and nodes)
            // the service as it runs from its second start on: JNA's library kept in its cache
            // (the daemon keeps it once idle for 10 s), not unpacked from the jar
            try (DaemonRun d = DaemonRun.start(jar, jvmOptions, work.resolve("cache.log"), "--config", map.toString())) {
                long end = System.nanoTime() + WAIT.toNanos() + Duration.ofSeconds(15).toNanos();
                while (!jnaCached()) {
                    if (System.nanoTime() > end) {
                        throw new IllegalStateException("JNA's library not cached; daemon log:\n" + d.logText());
                    }
                    Thread.sleep(200);
                }
            }
            List<Long> ready = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Path socket = work.resolve("notify-" + i);
                try (org.ctplug.testing.NotifySocket notify = new org.ctplug.testing.NotifySocket(socket)) {
                    long t0 = System.nanoTime();
                    try (DaemonRun d = DaemonRun.start(jar, jvmOptions, Map.of("NOTIFY_SOCKET", socket.toString()),
                            work.resolve("ready.log"), "--config", map.toString())) {
                        while (notify.count("READY=1") == 0) {
                            if (System.nanoTime() - t0 > WAIT.toNanos()) {
                                throw new IllegalStateException("no READY=1; daemon log:\n" + d.logText());
                            }
                            java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                        }
                        if (i > 0) { // the first start fills the page cache
                            ready.add(System.nanoTime() - t0);
                        }
                    }
                }
            }
            Stats r = Stats.of(ready);
            report.row("start -> READY=1 (sd_notify), p50 / max of " + r.count(), ms(r.percentileMs(50)) + " / "
                    + ms(r.maxMs()), "<= 1 s");
            try (DaemonRun d = DaemonRun.start(jar, jvmOptions, work.resolve("idle.log"), "--config", map.toString());
                 Probe p = Probe.start(ct, NODE, TTY_MAJOR, TTYS0_MINOR)) {
                expect(p.await(true, WAIT), "node at start", d);
                p.close(); // the probe polls; it must not be what the idle figure sees
                long started = System.nanoTime();
                Thread.sleep(2000);
                long cpu0 = d.cpuNanos();
                long t0 = System.nanoTime();
                sleepUntil(started + length.toNanos());
                long cpu1 = d.cpuNanos();
                double secs = (System.nanoTime() - t0) / 1e9;
                report.row("idle: resident memory after " + length.toSeconds() + " s (VmRSS)",
                        mib(d.statusBytes("VmRSS")), "<= 48 MiB");
                // file-backed pages are mostly the mapped JDK (libjvm, CDS archive, modules)
                report.row("  of which anonymous / file-backed", mib(d.statusBytes("RssAnon")) + " / "
                        + mib(d.statusBytes("RssFile")), "");
                report.row(String.format("idle: CPU time (utime+stime) over %.0f s", secs),
                        String.format("%d ms (%.3f %%)", (cpu1 - cpu0) / 1_000_000, (cpu1 - cpu0) / 1e7 / secs),
                        "~0 (no polling)");
            }
        });
    }

    /**
     * A trigger storm as {@code udevadm trigger} makes one: block-device changes the daemon does
     * not act on, so its own wake-ups cannot hide a lost tty event; only the plug of ttyS0 in
     * the middle (or the resync after the overflow) can make the node appear.
     */
    void overflow(int messages, int receiveBuffer) throws Exception {
        phase("overflow: " + messages + " messages, ttyS0 plugged in the middle", ct -> {
            Tty.event("ttyS0", "remove");
            Path map = mapping("overflow", "ttyS0", ct.name, "defaults: {on_plug: hotplug}");
            try (DaemonRun d = DaemonRun.start(jar, jvmOptions, work.resolve("overflow.log"), "--config",
                    map.toString(), "--receive-buffer", String.valueOf(receiveBuffer), "--netlink-group",
                    String.valueOf(2 | FLOOD_GROUP));
                 Probe p = Probe.start(ct, NODE, TTY_MAJOR, TTYS0_MINOR);
                 UeventSender sender = UeventSender.open()) {
                expect(p.await(false, WAIT), "probe start", d);
                Thread.sleep(1000);
                // stopped for the burst, so its socket overflows however fast it reads: what is
                // measured is the resync after an overflow, not whether the daemon kept up
                signal(d, "STOP");
                long tStart = System.nanoTime();
                long tChange = 0;
                for (int i = 0; i < messages; i++) {
                    if (i == messages / 2) {
                        tChange = System.nanoTime();
                        HostState.event("ttyS0", "add");
                    }
                    sender.send(FLOOD_GROUP, UeventSender.udevMessage("change",
                            "/devices/virtual/block/ram" + (i % 16), Map.of("SUBSYSTEM", "block", "DEVTYPE", "disk",
                                    "DEVNAME", "/dev/ram" + (i % 16), "SEQNUM", String.valueOf(100000 + i),
                                    "MAJOR", "1", "MINOR", String.valueOf(i % 16))));
                }
                long tEnd = System.nanoTime();
                signal(d, "CONT");
                Probe.Change up = expect(p.await(true, WAIT), "node after the burst", d);
                boolean overflowed = d.logText().contains("receive buffer overflow");
                report.row("overflow: burst send time", ms((tEnd - tStart) / 1e6), "");
                String afterEnd = up.nanos() <= tEnd ? "0 (correct before the burst ended)"
                        : ms((up.nanos() - tEnd) / 1e6);
                report.row("overflow: burst end -> state correct", afterEnd
                        + (overflowed ? "" : " (NO overflow seen)"), "<= 1 s");
                report.row("overflow: real plug -> state correct", ms((up.nanos() - tChange) / 1e6), "");
            }
        });
    }

    /**
     * When udevd finished the event: it writes the database file before it announces the event
     * on netlink, so this is the earliest the daemon can see the device as initialized.
     */
    private static long awaitFile(Path file, long since) throws InterruptedException {
        while (!Files.exists(file)) {
            if (System.nanoTime() - since > WAIT.toNanos()) {
                throw new IllegalStateException("udev did not initialize " + file);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
        return System.nanoTime();
    }

    private static void signal(DaemonRun d, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(d.process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + d.process.pid() + " failed");
        }
    }

    private static <T> T expect(Optional<T> value, String what, DaemonRun d) throws IOException {
        if (value.isEmpty()) {
            throw new IllegalStateException("timed out waiting for " + what + "; daemon log:\n" + d.logText());
        }
        return value.get();
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }

    static String ms(double ms) {
        return ms >= 1000 ? String.format("%.2f s", ms / 1000) : String.format("%.2f ms", ms);
    }
}
