package org.ctplug.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** `ctplug daemon` as its own process, the way systemd runs it; stopped with SIGTERM by its PID. */
public final class DaemonProcess implements AutoCloseable {
    public final Process process;
    private final Path log;

    private DaemonProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static DaemonProcess start(Path dir, List<String> prefix, Map<String, String> env, String... args)
            throws IOException {
        Path log = dir.resolve("daemon.log");
        List<String> argv = new ArrayList<>(prefix);
        argv.add(ProcessHandle.current().info().command().orElse("java"));
        argv.add("-cp");
        argv.add(System.getProperty("java.class.path"));
        argv.add("org.ctplug.cli.Main");
        argv.add("daemon");
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        DaemonProcess d = new DaemonProcess(pb.start(), log);
        await().atMost(Duration.ofSeconds(30)).until(() -> d.logText().contains("listening for uevents")
                || !d.process.isAlive());
        // a daemon that got this far and was then ended (a crash test kills it in its first
        // reconcile, which can come before the first look at the log) is the caller's to judge
        if (!d.process.isAlive() && !d.logText().contains("listening for uevents")) {
            throw new AssertionError("daemon exited: " + d.logText());
        }
        return d;
    }

    public String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    public void signal(String name) {
        Shell.run("kill", "-" + name, String.valueOf(process.pid())).ok();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
