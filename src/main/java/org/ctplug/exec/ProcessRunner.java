package org.ctplug.exec;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs real processes with stdin on /dev/null and stdout/stderr captured.
 *
 * <p>Output goes to temporary files, not pipes: {@code lxc-start} daemonizes, and a daemon that
 * inherited a pipe would keep it open for the container's whole life, so reading the pipe to its
 * end would block until the container stops.
 */
public final class ProcessRunner implements CommandRunner {
    private static final AtomicLong FILES = new AtomicLong();
    private static final FileAttribute<?> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------"));
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final File DEV_NULL = new File("/dev/null");
    /**
     * What systemd hands the daemon alone (sd_notify(3), sd_listen_fds(3)). A tool that inherits
     * NOTIFY_SOCKET and notifies (lxc-start does) is refused under NotifyAccess=main and logged
     * as "reception only permitted for main PID"; with another policy it could mark the service
     * ready or stopping.
     */
    static final List<String> SERVICE_MANAGER_VARIABLES = List.of("NOTIFY_SOCKET", "WATCHDOG_PID", "WATCHDOG_USEC",
            "LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES");

    private final Duration timeout;
    private final Duration beatInterval;
    private final Runnable beat;
    private long lastPacedBeat = System.nanoTime();

    public ProcessRunner() {
        this(DEFAULT_TIMEOUT);
    }

    public ProcessRunner(Duration timeout) {
        this(timeout, timeout, () -> { });
    }

    /**
     * A runner that calls {@code beat} every {@code beatInterval} while a child runs and is still
     * within its deadline: the daemon's watchdog ping. A restart may spend a minute in lxc-stop or
     * pct reboot, longer than systemd's WatchdogSec; the beat says "this step is progressing
     * within its bound", and stops with the bound, so a child that hangs past it still stops the
     * pings only once ctplug gave up on it, never a loop that hangs elsewhere.
     */
    public ProcessRunner(Duration timeout, Duration beatInterval, Runnable beat) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (beatInterval.isNegative() || beatInterval.isZero()) {
            throw new IllegalArgumentException("beat interval must be positive: " + beatInterval);
        }
        this.timeout = timeout;
        this.beatInterval = beatInterval;
        this.beat = beat;
    }

    /** At most one beat per interval, however often a waiting loop calls it. */
    @Override
    public Runnable heartbeat() {
        return () -> {
            synchronized (this) {
                long now = System.nanoTime();
                if (now - lastPacedBeat < beatInterval.toNanos()) {
                    return;
                }
                lastPacedBeat = now;
            }
            beat.run();
        };
    }

    /** The daemon's runner: the default bound, beating as the watchdog needs. */
    public static ProcessRunner beating(Duration beatInterval, Runnable beat) {
        return new ProcessRunner(DEFAULT_TIMEOUT, beatInterval, beat);
    }

    @Override
    public Result run(List<String> argv) throws IOException {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        Path out = outputFile("out");
        Path err = outputFile("err");
        try {
            Process process = start(argv, out, err);
            boolean finished = waitFor(process, argv);
            if (!finished) {
                process.destroyForcibly();
                throw new IOException(describe(argv) + " did not finish within " + timeout.toSeconds()
                        + " s; stderr: " + read(err).strip());
            }
            return new Result(process.exitValue(), read(out), read(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * A new file of this process's own in the temporary directory, 0600. Made with O_EXCL, so an
     * existing name (a symlink among them) is never opened; named by pid, time and a counter, as
     * {@code Files.createTempFile}'s random name would load the JDK's security providers into the
     * resident daemon for good.
     */
    private static Path outputFile(String kind) throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        for (int i = 0;; i++) {
            Path p = dir.resolve("ctplug-" + kind + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime()
                    + "-" + FILES.incrementAndGet() + ".txt");
            try {
                return Files.createFile(p, OWNER_ONLY);
            } catch (FileAlreadyExistsException e) {
                if (i == 16) {
                    throw e;
                }
            }
        }
    }

    private static Process start(List<String> argv, Path out, Path err) throws IOException {
        try {
            ProcessBuilder builder = new ProcessBuilder(argv)
                    .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            SERVICE_MANAGER_VARIABLES.forEach(builder.environment()::remove);
            return builder.start();
        } catch (IOException e) {
            throw new IOException("cannot start " + describe(argv) + ": " + e.getMessage(), e);
        }
    }

    private boolean waitFor(Process process, List<String> argv) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return !process.isAlive();
                }
                if (process.waitFor(Math.min(left, beatInterval.toNanos()), TimeUnit.NANOSECONDS)) {
                    return true;
                }
                if (System.nanoTime() < deadline) {
                    beat.run();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + describe(argv), e);
        }
    }

    private static String read(Path file) throws IOException {
        // tools may print bytes that are not UTF-8 (device strings): replace, never fail
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    static String describe(List<String> argv) {
        return "'" + String.join(" ", argv) + "'";
    }
}
