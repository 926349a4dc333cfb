package org.ctplug.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ctplug.testing.LxcContainer;

/**
 * A long-running probe inside the container: every "up"/"down" line it prints becomes a
 * {@link Change}. Its time is the probe's CLOCK_MONOTONIC reading (System.nanoTime's clock);
 * a probe that prints "-" instead (the shell fallback) is stamped when the host reads the line.
 */
final class Probe implements AutoCloseable {
    record Change(boolean up, long nanos) {}

    private static final String PATH_INSIDE = "/ctplug-probe";

    private final Process process;
    private final BlockingQueue<Change> changes = new LinkedBlockingQueue<>();
    private final Thread reader;

    private Probe(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "probe-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Copies the probe binary into the root filesystem of a container that is not running yet. */
    static void install(Path probe, LxcContainer ct) throws IOException {
        Path target = LxcContainer.LXC_PATH.resolve(ct.name).resolve("rootfs").resolve(PATH_INSIDE.substring(1));
        Files.copy(probe, target, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Starts the probe inside with lxc-attach, so in the container's namespaces and device cgroup. */
    static Probe start(LxcContainer ct, String path, int major, int minor) throws IOException {
        return start(List.of("lxc-attach", "-n", ct.name, "--"), path, major, minor);
    }

    /** Starts the probe with {@code enter} (a command that runs its arguments inside a container). */
    static Probe start(List<String> enter, String path, int major, int minor) throws IOException {
        List<String> argv = new java.util.ArrayList<>(enter);
        argv.addAll(List.of(PATH_INSIDE, path, String.valueOf(major), String.valueOf(minor)));
        return new Probe(new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start());
    }

    static String pathInside() {
        return PATH_INSIDE;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                long hostNow = System.nanoTime();
                String[] f = line.strip().split(" ");
                if (f.length == 2 && (f[0].equals("up") || f[0].equals("down"))) {
                    long t = f[1].equals("-") ? hostNow : Long.parseLong(f[1]);
                    changes.add(new Change(f[0].equals("up"), t));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the probe ended (container stopped); await() then times out or sees it dead
        }
    }

    /** The next change to {@code up}, skipping others; empty on timeout or when the probe died. */
    Optional<Change> await(boolean up, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            Change c = changes.poll(Math.min(left, 50_000_000L), TimeUnit.NANOSECONDS);
            if (c != null && c.up() == up) {
                return Optional.of(c);
            }
            if (c == null && !process.isAlive() && changes.isEmpty()) {
                return Optional.empty();
            }
        }
    }

    /** Waits {@code quiet}, then drops every change seen so far: what came late is not the next one. */
    void forget(Duration quiet) throws InterruptedException {
        Thread.sleep(quiet.toMillis());
        changes.clear();
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
