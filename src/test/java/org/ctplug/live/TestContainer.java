package org.ctplug.live;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.ctplug.exec.CommandRunner;
import org.ctplug.exec.ProcessRunner;

/** A real busybox LXC container for a test class; closing it stops and destroys it. */
final class TestContainer implements AutoCloseable {
    static final long DEFAULT_SHIFT = 100000;

    record Result(int exitCode, String out) {
    }

    final String name;
    private final boolean unprivileged;

    private TestContainer(String name, boolean unprivileged) {
        this.name = name;
        this.unprivileged = unprivileged;
    }

    /**
     * Creates and starts a container. Unprivileged ones are created with the idmap in the
     * creation config: lxc-create then runs the busybox template in the user namespace and
     * the rootfs comes out owned by 100000.
     */
    static TestContainer start(boolean unprivileged, List<String> extraConfig) throws IOException {
        String name = "ctplug-live-" + UUID.randomUUID().toString().substring(0, 8);
        TestContainer c = new TestContainer(name, unprivileged);
        List<String> config = new ArrayList<>(List.of("lxc.net.0.type = empty", "lxc.apparmor.profile = unconfined"));
        if (unprivileged) {
            ensureSubIds(Path.of("/etc/subuid"));
            ensureSubIds(Path.of("/etc/subgid"));
            config.add("lxc.idmap = u 0 " + DEFAULT_SHIFT + " 65536");
            config.add("lxc.idmap = g 0 " + DEFAULT_SHIFT + " 65536");
        }
        config.addAll(extraConfig);
        Path conf = Files.createTempFile("ctplug-live-", ".conf");
        try {
            Files.write(conf, config);
            c.mustRun("lxc-create", "-n", name, "-t", "busybox", "-f", conf.toString());
            c.mustRun("lxc-start", "-n", name);
            await().atMost(Duration.ofSeconds(20)).until(() -> "RUNNING".equals(c.state()));
            return c;
        } catch (IOException | RuntimeException | Error e) {
            c.close();
            throw e;
        } finally {
            Files.deleteIfExists(conf);
        }
    }

    // unprivileged containers start only when root has these subordinate ids
    private static void ensureSubIds(Path file) throws IOException {
        String line = "root:" + DEFAULT_SHIFT + ":65536";
        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        if (!lines.contains(line)) {
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    LiveTarget target() throws IOException {
        long shift = unprivileged ? DEFAULT_SHIFT : 0;
        return new LiveTarget(name, initPid(), shift, shift);
    }

    String state() throws IOException {
        return run("lxc-info", "-n", name, "-s", "-H").out().trim();
    }

    int initPid() throws IOException {
        return Integer.parseInt(mustRun("lxc-info", "-n", name, "-p", "-H").trim());
    }

    /** Runs a shell command inside as root. */
    Result attach(String script) throws IOException {
        return run("lxc-attach", "-n", name, "--", "sh", "-c", script);
    }

    /** Runs a shell command inside with the given uid and gid. */
    Result attachAs(int uid, int gid, String script) throws IOException {
        return run("lxc-attach", "-n", name, "--uid", Integer.toString(uid), "--gid", Integer.toString(gid),
                "--", "sh", "-c", script);
    }

    String mustRun(String... command) throws IOException {
        Result r = run(command);
        if (r.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + r.exitCode() + ": " + r.out());
        }
        return r.out();
    }

    /** Output goes to files, not pipes: lxc-start's monitor would hold a pipe open for the container's life. */
    static Result run(String... command) throws IOException {
        CommandRunner.Result r = new ProcessRunner(Duration.ofSeconds(60)).run(List.of(command));
        return new Result(r.exitCode(), r.stdout() + r.stderr());
    }

    @Override
    public void close() throws IOException {
        run("lxc-stop", "-n", name, "-k");
        Result destroyed = run("lxc-destroy", "-n", name);
        if (destroyed.exitCode() != 0 && Files.exists(Path.of("/var/lib/lxc", name))) {
            throw new IOException("could not destroy container " + name + ": " + destroyed.out());
        }
    }
}
