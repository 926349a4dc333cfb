package org.ctplug.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs host commands for the package tests, which install the .deb on this machine as root. */
final class Host {

    record Result(int exit, String output) {}

    private static final long TIMEOUT_MINUTES = 10;

    private Host() {}

    /** The package under test, built by {@code mvn package} before failsafe runs. */
    static Path deb() {
        String deb = System.getProperty("ctplug.deb", "");
        assertThat(deb).as("system property ctplug.deb (set by the failsafe configuration)").isNotEmpty();
        Path path = Paths.get(deb);
        assertThat(path).as("the .deb built by mvn package").isRegularFile();
        return path;
    }

    static Path baseDir() {
        String dir = System.getProperty("ctplug.basedir", "");
        assertThat(dir).as("system property ctplug.basedir").isNotEmpty();
        return Paths.get(dir);
    }

    /** Installing packages needs root; without it these tests fail rather than skip. */
    static void requireRoot() {
        assertThat(run("id", "-u").output().trim()).as("package tests must run as root").isEqualTo("0");
    }

    static Result run(String... command) {
        return run(null, List.of(command));
    }

    static Result run(Path dir, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        Map<String, String> env = builder.environment();
        // apt and dpkg must never wait for an answer on a terminal
        env.put("DEBIAN_FRONTEND", "noninteractive");
        env.put("LC_ALL", "C");
        try {
            Path log = Files.createTempFile("ctplug-cmd", ".log");
            try {
                Process process = builder.redirectOutput(log.toFile()).start();
                process.getOutputStream().close();
                if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError("timed out: " + command);
                }
                return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + command, e);
        }
    }

    static String runOk(String... command) {
        Result result = run(command);
        assertThat(result.exit()).as("%s%n%s", String.join(" ", command), result.output()).isZero();
        return result.output();
    }

    static boolean installed() {
        Result status = run("dpkg-query", "-W", "-f=${Status}", "ctplug");
        return status.exit() == 0 && status.output().contains(" installed");
    }

    /** apt-get needs a path with a slash to take a file instead of a package name. */
    static void install(Path deb) {
        runOk("apt-get", "install", "-y", "-q", deb.toAbsolutePath().toString());
    }

    /** Leaves the host without ctplug whatever state a failed test left it in. */
    static void purgeQuietly() {
        if (run("mountpoint", "-q", "/run/ctplug/dev").exit() == 0) {
            run("umount", "-l", "/run/ctplug/dev");
        }
        if (run("dpkg-query", "-W", "ctplug").exit() == 0) {
            Result purge = run("apt-get", "purge", "-y", "-q", "ctplug");
            if (purge.exit() != 0) {
                run("dpkg", "--purge", "--force-all", "ctplug");
            }
        }
    }
}
