package org.ctplug.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ctplug daemon} as its own process, started as the packaged launcher starts it: the same
 * JVM options (read from the launcher script, so the figures follow it) and {@code -jar} on the
 * built jar, whose manifest class path finds {@code lib/} beside it.
 */
final class DaemonRun implements AutoCloseable {
    private static final Pattern OPTS = Pattern.compile("CTPLUG_JAVA_OPTS:=([^}]*)}");
    /** USER_HZ: the unit of utime and stime in /proc/PID/stat (proc(5)); 100 on Linux x86. */
    private static final long TICK_NANOS = 10_000_000L;

    final Process process;
    final Path log;
    /** The socket this run gave the daemon as NOTIFY_SOCKET, or null when the caller gave its own. */
    private final org.ctplug.testing.NotifySocket notify;

    private DaemonRun(Process process, Path log, org.ctplug.testing.NotifySocket notify) {
        this.process = process;
        this.log = log;
        this.notify = notify;
    }

    /** The launcher's default JVM options, or CTPLUG_JAVA_OPTS where set (as the launcher takes it). */
    static List<String> launcherOptions(Path launcher) throws IOException {
        String override = System.getenv("CTPLUG_JAVA_OPTS");
        if (override != null && !override.isBlank()) {
            return List.of(override.trim().split("\\s+"));
        }
        Matcher m = OPTS.matcher(Files.readString(launcher));
        if (!m.find()) {
            throw new IllegalStateException("no CTPLUG_JAVA_OPTS default in " + launcher);
        }
        return List.of(m.group(1).trim().split("\\s+"));
    }

    /**
     * The options plus the class archive the launcher gives every start, made as the launcher
     * makes it (a JVM of its own that loads the classes and exits), in {@code dir}; the options
     * alone when CTPLUG_BENCH_NO_ARCHIVE is set, to measure without one.
     */
    static List<String> withClassArchive(Path jar, List<String> options, Path dir) throws IOException {
        if (System.getenv("CTPLUG_BENCH_NO_ARCHIVE") != null) {
            return options;
        }
        Path archive = dir.resolve("classes.jsa");
        List<String> argv = new ArrayList<>();
        argv.add(ProcessHandle.current().info().command().orElse("java"));
        argv.addAll(options);
        argv.addAll(List.of("-Xlog:disable", "-XX:ArchiveClassesAtExit=" + archive, "-cp", jar.toString(),
                "org.ctplug.cli.ClassArchive"));
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0 || !Files.isRegularFile(archive)) {
                throw new IllegalStateException("no class archive: " + String.join(" ", argv));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        List<String> with = new ArrayList<>(options);
        with.add("-XX:SharedArchiveFile=" + archive);
        return List.copyOf(with);
    }

    static DaemonRun start(Path jar, List<String> jvmOptions, Path log, String... args)
            throws IOException, InterruptedException {
        return start(jar, jvmOptions, java.util.Map.of(), log, args);
    }

    /**
     * Starts the daemon and returns once it is up: at READY=1, as systemd sees a Type=notify
     * service start, so no phase times an event the daemon meets while it still starts (its
     * first full reconcile, the udev reload). A caller that gives its own NOTIFY_SOCKET (the
     * READY phase) waits for it itself; the run then returns once the daemon listens.
     */
    static DaemonRun start(Path jar, List<String> jvmOptions, java.util.Map<String, String> env, Path log,
                           String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        String nice = System.getenv("CTPLUG_BENCH_NICE");
        if (nice != null && !nice.isBlank()) {
            argv.addAll(List.of("nice", "-n", nice.strip()));
        }
        argv.add(ProcessHandle.current().info().command().orElse("java"));
        argv.addAll(jvmOptions);
        argv.addAll(List.of("-jar", jar.toString(), "daemon"));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        org.ctplug.testing.NotifySocket notify = null;
        if (!env.containsKey("NOTIFY_SOCKET")) {
            Path socket = log.resolveSibling(log.getFileName() + ".notify");
            Files.deleteIfExists(socket);
            notify = new org.ctplug.testing.NotifySocket(socket);
            pb.environment().put("NOTIFY_SOCKET", socket.toString());
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException | RuntimeException e) {
            if (notify != null) {
                notify.close();
            }
            throw e;
        }
        DaemonRun d = new DaemonRun(p, log, notify);
        try {
            long end = System.nanoTime() + 30_000_000_000L;
            while (notify != null ? notify.count("READY=1") == 0 : !d.logText().contains("listening for uevents")) {
                if (!p.isAlive() || System.nanoTime() > end) {
                    throw new IllegalStateException("daemon did not start: " + d.logText());
                }
                Thread.sleep(5);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            d.close();
            throw e;
        }
        return d;
    }

    String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** utime + stime of the daemon's process so far, in nanoseconds (10 ms resolution). */
    long cpuNanos() throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
        // the command name may hold spaces and parentheses: fields count from the last ')'
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS;
    }

    /** A line of /proc/PID/status in bytes: VmRSS, or its parts RssAnon, RssFile, RssShmem. */
    long statusBytes(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no " + key + " in /proc/" + process.pid() + "/status");
    }

    @Override
    public void close() throws InterruptedException {
        try {
            if (process.isAlive()) {
                process.destroy(); // SIGTERM, as systemd stops it
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } finally {
            if (notify != null) {
                notify.close();
            }
        }
    }
}
