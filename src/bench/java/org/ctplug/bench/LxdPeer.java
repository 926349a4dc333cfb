package org.ctplug.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.ctplug.exec.CommandRunner;
import org.ctplug.exec.ProcessRunner;

/**
 * LXD (Debian's {@code lxd} 5.0.x) as the peer the hotplug figures are compared with: a daemon
 * of the benchmark's own with its own LXD_DIR, a {@code dir} storage pool, a busybox image made
 * from the host's busybox-static, and a privileged container with no network. A device is given
 * to it as LXD users do: a {@code unix-char} or {@code unix-block} device with {@code required=false},
 * which LXD hotplugs when its {@code source} node appears on the host (inotify on the directory).
 */
final class LxdPeer implements AutoCloseable {
    private static final String IMAGE = "ctplug-bench-busybox";
    private static final String PRESEED = """
            config: {}
            storage_pools:
            - name: default
              driver: dir
            profiles:
            - name: default
              devices:
                root: {path: /, pool: default, type: disk}
            """;

    final String container = "ctplug-bench-lxd-" + UUID.randomUUID().toString().substring(0, 8);
    private final Path dir;
    private final Process daemon;

    private LxdPeer(Path dir, Process daemon) {
        this.dir = dir;
        this.daemon = daemon;
    }

    /** Starts LXD, makes the image and starts the container with the probe in it. */
    static LxdPeer start(Path work, Path probe) throws Exception {
        // a fresh LXD (its own LXD_DIR) and image for each phase that compares with it
        Path own = Files.createTempDirectory(work, "lxd");
        Path dir = own.resolve("lxd");
        Files.createDirectories(dir);
        ProcessBuilder pb = new ProcessBuilder("lxd", "--group", "root", "--logfile", dir.resolve("lxd.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("lxd.out").toFile());
        pb.environment().put("LXD_DIR", dir.toString());
        LxdPeer peer = new LxdPeer(dir, pb.start());
        try {
            peer.run("lxd", "waitready", "--timeout", "60");
            peer.run(List.of("lxd", "init", "--preseed"), PRESEED);
            peer.importImage(own.resolve("image"));
            peer.run("lxc", "launch", IMAGE, peer.container, "-c", "security.privileged=true");
            peer.run("lxc", "file", "push", "--mode", "0755", probe.toString(),
                    peer.container + Probe.pathInside());
        } catch (Exception | Error e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    /** A rootfs of busybox-static's applets, as the busybox LXC template makes one. */
    private void importImage(Path w) throws Exception {
        Path rootfs = w.resolve("rootfs");
        for (String d : List.of("bin", "sbin", "etc", "dev", "proc", "sys", "tmp", "root", "run")) {
            Files.createDirectories(rootfs.resolve(d));
        }
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
        rootfs.resolve("bin/busybox").toFile().setExecutable(true);
        for (String applet : run("/bin/busybox", "--list").stdout().split("\n")) {
            Path link = rootfs.resolve("bin").resolve(applet.strip());
            if (!applet.isBlank() && !Files.exists(link)) {
                Files.createSymbolicLink(link, Path.of("busybox"));
            }
        }
        Files.createSymbolicLink(rootfs.resolve("sbin/init"), Path.of("../bin/busybox"));
        Files.writeString(rootfs.resolve("etc/inittab"), "::respawn:/bin/sleep 3600\n");
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\n");
        Files.writeString(w.resolve("metadata.yaml"), "architecture: x86_64\ncreation_date: 1700000000\n"
                + "properties:\n  description: busybox for the ctplug benchmarks\n  os: busybox\n");
        run("tar", "-C", w.toString(), "-czf", w.resolve("meta.tar.gz").toString(), "metadata.yaml");
        run("tar", "-C", rootfs.toString(), "-czf", w.resolve("rootfs.tar.gz").toString(), ".");
        run("lxc", "image", "import", w.resolve("meta.tar.gz").toString(), w.resolve("rootfs.tar.gz").toString(),
                "--alias", IMAGE);
    }

    /** Adds a hotpluggable device: LXD makes {@code path} inside whenever {@code source} exists on the host. */
    void addDevice(String name, String type, String source, String path) throws IOException {
        run("lxc", "config", "device", "add", container, name, type, "source=" + source, "path=" + path,
                "required=false");
    }

    void removeDevice(String name) throws IOException {
        run("lxc", "config", "device", "remove", container, name);
    }

    /** The command that runs its arguments inside the container, for the probe. */
    List<String> enter() {
        return List.of("env", "LXD_DIR=" + dir, "lxc", "exec", container, "--");
    }

    private CommandRunner.Result run(String... argv) throws IOException {
        return run(List.of(argv), null);
    }

    private CommandRunner.Result run(List<String> argv, String stdin) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of("env", "LXD_DIR=" + dir));
        if (stdin != null) {
            Path in = dir.resolve("stdin");
            Files.writeString(in, stdin);
            cmd.addAll(List.of("sh", "-c", "exec \"$@\" < " + in, "sh"));
        }
        cmd.addAll(argv);
        CommandRunner.Result r = new ProcessRunner().run(cmd);
        if (!r.ok()) {
            throw new IOException(String.join(" ", argv) + ": exit " + r.exitCode() + ": " + r.stderr() + r.stdout());
        }
        return r;
    }

    @Override
    public void close() throws Exception {
        if (daemon.isAlive()) {
            try {
                run("lxc", "delete", "--force", container);
            } catch (IOException e) {
                System.err.println("LXD container " + container + ": " + e.getMessage());
            }
            new ProcessRunner().run(List.of("env", "LXD_DIR=" + dir, "lxd", "shutdown"));
            if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
            }
        }
        // LXD keeps its shmounts and devlxd mounts under LXD_DIR while it runs; they are gone now
        new ProcessRunner().run(List.of("sh", "-c", "grep -o ' " + dir + "[^ ]*' /proc/self/mounts | sort -r "
                + "| xargs -r -n1 umount -l; rm -rf " + dir));
    }
}
