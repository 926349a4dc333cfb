package org.ctplug.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A privileged busybox container as the host tests make it: no network, unconfined, and a
 * deny-all device cgroup with only the basic allows, so a device opens inside only once ctplug
 * allowed it. The probe binary is copied into its root filesystem.
 */
final class BenchContainer implements AutoCloseable {
    static final String PROBE = "/ctplug-probe";
    private static final Path LXC_PATH = Path.of("/var/lib/lxc");
    private static final List<String> BASIC_ALLOWS = List.of("c 1:3", "c 1:5", "c 1:7", "c 1:8", "c 1:9", "c 5:0",
            "c 5:1", "c 5:2", "c 136:*");

    final String name;

    private BenchContainer(String name) {
        this.name = name;
    }

    static BenchContainer create(Path probe) throws IOException {
        BenchContainer c = new BenchContainer("ctplug-bench-" + UUID.randomUUID().toString().substring(0, 8));
        Path conf = Files.createTempFile("ctplug-bench", ".conf");
        try {
            Files.write(conf, List.of("lxc.net.0.type = empty", "lxc.apparmor.profile = unconfined"));
            Sh.run("lxc-create", "-n", c.name, "-t", "busybox", "-f", conf.toString()).ok();
        } finally {
            Files.delete(conf);
        }
        List<String> deny = new ArrayList<>(List.of("lxc.cgroup.devices.deny = a"));
        BASIC_ALLOWS.forEach(a -> deny.add("lxc.cgroup.devices.allow = " + a + " rwm"));
        Files.write(c.config(), deny, StandardOpenOption.APPEND);
        Path target = LXC_PATH.resolve(c.name).resolve("rootfs").resolve(PROBE.substring(1));
        Files.copy(probe, target, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        return c;
    }

    Path config() {
        return LXC_PATH.resolve(name).resolve("config");
    }

    void start() throws InterruptedException {
        Sh.run("lxc-start", "-n", name).ok();
        long end = System.nanoTime() + 20_000_000_000L;
        while (initPid() <= 0) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("container " + name + " did not start");
            }
            Thread.sleep(50);
        }
    }

    int initPid() {
        String out = Sh.run("lxc-info", "-n", name, "-p", "-H").stdout().strip();
        return out.isEmpty() ? -1 : Integer.parseInt(out);
    }

    /** argv that runs the probe inside, in the container's namespaces and device cgroup. */
    List<String> probeCommand(String path, int major, int minor, boolean once) {
        List<String> argv = new ArrayList<>(List.of("lxc-attach", "-n", name, "--", PROBE, path,
                String.valueOf(major), String.valueOf(minor)));
        if (once) {
            argv.add("once");
        }
        return argv;
    }

    @Override
    public void close() {
        Sh.run("lxc-stop", "-k", "-n", name);
        Sh.run("lxc-destroy", "-n", name);
    }
}
