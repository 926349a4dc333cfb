package org.ctplug.cli;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.ctplug.container.ContainerStarts;
import org.ctplug.daemon.Daemon;
import org.ctplug.daemon.EventPriority;
import org.ctplug.daemon.StartWaker;
import org.ctplug.daemon.StatusPublisher;
import org.ctplug.daemon.UeventPump;
import org.ctplug.device.KernelEvents;
import org.ctplug.exec.ProcessRunner;
import org.ctplug.host.Host;
import org.ctplug.kind.Kinds;
import org.ctplug.netlink.UeventSocket;
import org.ctplug.plan.Action;
import org.ctplug.plan.Reconciler;
import org.ctplug.status.StatusFile;
import org.ctplug.sys.JnaLibrary;
import org.ctplug.sys.ProcessCalls;
import org.ctplug.systemd.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

@Command(name = "daemon", description = "Run as the service: watch uevents and the mapping, reconcile on change.")
final class DaemonCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonCommand.class);

    @Mixin
    CommonOptions options;
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;
    @Option(names = "--netlink-group", paramLabel = "MASK",
            description = "Netlink group mask to listen on (default: 3, the kernel's and udev's, when udevd runs, "
                    + "else 1, the kernel's).")
    Integer group;
    @Option(names = "--receive-buffer", paramLabel = "BYTES", description = "Socket receive buffer (default: 8 MiB).")
    int receiveBuffer = 8 << 20;
    @Option(names = "--event-priority", paramLabel = "N",
            description = "SCHED_FIFO priority of the thread that handles device events, 1 to 99, or 0 for "
                    + "normal scheduling (needs CAP_SYS_NICE or an RLIMIT_RTPRIO of at least N); default: 1.")
    int eventPriority = 1;

    /**
     * {@code daemon} with only its plain options ({@code --root}, {@code --config},
     * {@code --netlink-group}, {@code --receive-buffer}, {@code --event-priority}, as {@code --name value} or
     * {@code --name=value}), read without picocli; empty for anything else.
     */
    static java.util.Optional<DaemonCommand> plain(String... args) {
        if (args.length == 0 || !args[0].equals("daemon")) {
            return java.util.Optional.empty();
        }
        DaemonCommand d = new DaemonCommand();
        d.options = new CommonOptions();
        for (int i = 1; i < args.length; i++) {
            String name = args[i];
            String value;
            int eq = name.indexOf('=');
            if (name.startsWith("--") && eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return java.util.Optional.empty();
            }
            try {
                switch (name) {
                    case "--root" -> d.options.root = Path.of(value);
                    case "--config" -> d.options.config = java.util.Optional.of(Path.of(value));
                    case "--netlink-group" -> d.group = Integer.parseInt(value);
                    case "--receive-buffer" -> d.receiveBuffer = Integer.parseInt(value);
                    case "--event-priority" -> {
                        d.eventPriority = Integer.parseInt(value);
                        if (!EventPriority.valid(d.eventPriority)) {
                            return java.util.Optional.empty(); // picocli's path says what is wrong
                        }
                    }
                    default -> {
                        return java.util.Optional.empty();
                    }
                }
            } catch (RuntimeException e) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(d);
    }

    @Override
    public Integer call() throws Exception {
        if (!EventPriority.valid(eventPriority)) {
            // only picocli's path gets here: the plain reading leaves such a value to it
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--event-priority must be 0 to 99, not " + eventPriority);
        }
        int mask = group != null ? group : UeventSocket.daemonGroups(options.root);
        Notifier notifier = Notifier.fromEnvironment();
        KernelEvents events = KernelEvents.recording();
        Duration watchdog = watchdogInterval();
        // a tool still within its bound keeps the watchdog fed: a slow container stop is no hang
        ProcessRunner runner = ProcessRunner.beating(watchdog, () -> notifier.send("WATCHDOG=1"));
        // raised on the loop's thread when it first waits, after the threads below are started
        EventPriority priority = new EventPriority(eventPriority);
        Daemon daemon = new Daemon(() -> Context.loadMapping(options), mapping -> {
            Reconciler r = Context.reconciler(options.root, mapping, runner, events);
            r.executor().whenLiveStepsDone(priority::lower);
            return r;
        }, notifier, Clock.systemUTC(), watchdog);
        // sun.misc.Signal (module jdk.unsupported) is the JDK's only way to take SIGHUP, which
        // systemctl reload sends; SIGTERM is taken too so the loop, not a shutdown hook, stops
        Signal.handle(new Signal("HUP"), s -> daemon.reload());
        Signal.handle(new Signal("TERM"), s -> daemon.stop());
        Signal.handle(new Signal("INT"), s -> daemon.stop());
        // a pass without live steps (or one that failed) lowers it here, before the status is written
        daemon.onReconciled(r -> priority.lower());
        daemon.onReconciled(r -> {
            // what udev handled until now may have been handled without the rules just loaded
            if (r.result().outcome().made(Action.ReloadUdev.class)) {
                try {
                    events.rulesLoadedBy(options.root);
                } catch (IOException e) {
                    LOG.warn("the kernel's event number: {}", e.getMessage());
                }
            }
        });
        daemon.onReconciled(new StatusPublisher(new StatusFile(options.root), ProcessHandle.current().pid()));
        daemon.onIdle(() -> {
            priority.lower();
            try {
                JnaLibrary.keepInCache();
            } catch (IOException e) {
                LOG.warn("cannot keep JNA's native library for the next start: {}", e.toString());
            }
            ProcessCalls.releaseFreeMemory();
        });
        try (UeventSocket socket = UeventSocket.open(mask, receiveBuffer, Kinds.subsystems());
             WatchService watch = FileSystems.getDefault().newWatchService();
             StartWaker starts = StartWaker.open(daemon, ContainerStarts.Roots.ofHost())) {
            LOG.info("listening for uevents on netlink group mask {} (port {}; subsystems {})", mask,
                    socket.portId(), String.join(", ", new java.util.TreeSet<>(Kinds.subsystems())));
            LOG.info("device cgroup: {}", Host.deviceCgroupSummary());
            Thread files = thread("ctplug-mapping-watch", () -> watchMapping(watch, daemon));
            thread("ctplug-container-starts", starts::run);
            boolean ok = daemon.run(new UeventPump(socket, daemon, events, priority));
            socket.close();
            watch.close();
            files.join(2000);
            notifier.close();
            LOG.info("stopped");
            return ok ? Main.OK : Main.BAD_INPUT;
        }
    }

    /** Half of systemd's WatchdogSec (WATCHDOG_USEC), as sd_watchdog_enabled(3) advises. */
    private static Duration watchdogInterval() {
        String usec = System.getenv("WATCHDOG_USEC");
        try {
            return usec == null ? Duration.ofSeconds(30) : Duration.ofNanos(Long.parseLong(usec) * 1000 / 2);
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(30);
        }
    }

    private void watchMapping(WatchService watch, Daemon daemon) {
        Path file = options.configFile().toAbsolutePath();
        try {
            file.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
            while (true) {
                WatchKey key = watch.take();
                boolean ours = false;
                for (WatchEvent<?> e : key.pollEvents()) {
                    ours |= e.context() == null || file.getFileName().equals(e.context());
                }
                key.reset();
                if (ours) {
                    daemon.reload();
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            return;
        } catch (IOException e) {
            LOG.warn("cannot watch {} ({}); reload with SIGHUP", file, e.getMessage());
        }
    }

    private static Thread thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
