package org.ctplug.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A Debian 12 system container with systemd as PID 1, booted from a cached debootstrap tree on a
 * pure cgroup2 layout, as a Proxmox host has it. It shares the host's network namespace, so the
 * kernel's uevents and udev's multicast reach it, and the host's {@code /run/udev} and
 * {@code /etc/udev/rules.d}, so the host's udevd applies the rules written inside. Only the nodes
 * the tests need are bound in from the host's {@code /dev}: LXC and systemd inside would replace
 * the host's own nodes through an rbind of the whole of it.
 *
 * <p>cgroup2 comes from a private mount namespace with only cgroup2 on {@code /sys/fs/cgroup},
 * held by a {@code sleep} of the fixture's own; every command for the container runs in it.
 */
public final class SystemContainer implements AutoCloseable {
    /** Units that would act on the host through the shares: a second udevd would take over
     * the host's /run/udev/control and replay every host device. */
    private static final List<String> MASKED = List.of("systemd-udevd.service", "systemd-udevd-control.socket",
            "systemd-udevd-kernel.socket", "systemd-udev-trigger.service", "systemd-udev-settle.service",
            "systemd-sysctl.service", "systemd-binfmt.service", "systemd-modules-load.service", "lxc-net.service");
    private static final Duration BOOT = Duration.ofSeconds(120);

    public final String name;
    private final Path dir;
    private final Path lxcPath;
    private final Path rootfs;
    private Process holder;

    private SystemContainer(Path dir) {
        this.name = "ctplug-sd-" + UUID.randomUUID().toString().substring(0, 8);
        this.dir = dir;
        this.lxcPath = dir.resolve("lxc");
        this.rootfs = lxcPath.resolve(name).resolve("rootfs");
    }

    /**
     * Lays out a container on an overlay over {@code tree} (left as it is), without starting it.
     *
     * @param hostNodes host device nodes bound into its {@code /dev}
     */
    public static SystemContainer create(Path tree, Path dir, List<String> hostNodes) throws IOException {
        if (!Files.isRegularFile(tree.resolve(".ctplug-base-tree"))) {
            throw new AssertionError("no Debian base tree at " + tree + ": build it with src/test/systemd/base-tree "
                    + tree + " (as .ci/run does)");
        }
        SystemContainer c = new SystemContainer(dir);
        try {
            c.layOut(tree, hostNodes);
            c.holder = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-ec",
                    "umount -l /sys/fs/cgroup; mount -t cgroup2 none /sys/fs/cgroup; exec sleep infinity")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("holder.log").toFile()).start();
            await().atMost(Duration.ofSeconds(10)).until(() -> c.inNamespace("sh", "-c",
                    "grep -q ' /sys/fs/cgroup cgroup2 ' /proc/mounts").exit() == 0);
        } catch (IOException | RuntimeException | Error e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void layOut(Path tree, List<String> hostNodes) throws IOException {
        Path upper = dir.resolve("upper");
        Path work = dir.resolve("work");
        Files.createDirectories(upper);
        Files.createDirectories(work);
        Files.createDirectories(rootfs);
        Shell.run("mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + tree + ",upperdir=" + upper + ",workdir="
                + work, rootfs.toString()).ok();
        Path units = rootfs.resolve("etc/systemd/system");
        for (String unit : MASKED) {
            Files.deleteIfExists(units.resolve(unit));
            Files.createSymbolicLink(units.resolve(unit), Path.of("/dev/null"));
        }
        // lxc.service would wait half a minute for a bridge that must not be made on the host
        Files.writeString(rootfs.resolve("etc/default/lxc-net"), "USE_LXC_BRIDGE=\"false\"\n");
        List<String> config = new ArrayList<>(List.of(
                "lxc.uts.name = " + name,
                "lxc.rootfs.path = dir:" + rootfs,
                "lxc.init.cmd = /lib/systemd/systemd",
                "lxc.environment = container=lxc",
                // systemd halts on SIGRTMIN+3; LXC's default SIGPWR only starts sigpwr.target
                "lxc.signal.halt = SIGRTMIN+3",
                "lxc.apparmor.profile = unconfined",
                "lxc.net.0.type = none",
                "lxc.mount.auto = proc:rw sys:rw cgroup:rw",
                "lxc.autodev = 1",
                "lxc.pty.max = 16",
                // a /run of its own first, so systemd finds a mount there and keeps the bind on top
                "lxc.mount.entry = tmpfs run tmpfs rw,nosuid,nodev,mode=755 0 0",
                "lxc.mount.entry = /run/udev run/udev none bind,create=dir 0 0",
                "lxc.mount.entry = /etc/udev/rules.d etc/udev/rules.d none bind,create=dir 0 0"));
        for (String node : hostNodes) {
            config.add("lxc.mount.entry = " + node + " " + node.substring(1) + " none bind,create=file 0 0");
        }
        Files.write(lxcPath.resolve(name).resolve("config"), config);
    }

    /** A path inside the container's root file system, as the host sees it. */
    public Path path(String inside) {
        return rootfs.resolve(inside.substring(1));
    }

    public void start() {
        inNamespace("lxc-start", "-P", lxcPath.toString(), "-n", name, "-o", dir.resolve("lxc.log").toString()).ok();
        awaitBooted();
    }

    /** Stops it the way a host shutdown does (systemd inside halts cleanly), then boots it again. */
    public void reboot() {
        inNamespace("lxc-stop", "-P", lxcPath.toString(), "-n", name, "-t", "90").ok();
        start();
    }

    private void awaitBooted() {
        await().atMost(BOOT).pollInterval(Duration.ofMillis(500)).until(() -> {
            String state = attach("systemctl", "is-system-running").stdout().strip();
            return state.equals("running") || state.equals("degraded");
        });
        Shell.Out failed = attach("systemctl", "--failed", "--no-legend", "--plain");
        if (!failed.stdout().isBlank()) {
            throw new AssertionError("units failed at boot:\n" + failed.stdout());
        }
    }

    /** Runs a command as root inside the container. */
    public Shell.Out attach(String... argv) {
        List<String> cmd = new ArrayList<>(List.of("lxc-attach", "-P", lxcPath.toString(), "-n", name,
                "--clear-env", "--set-var", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "--"));
        cmd.addAll(List.of(argv));
        return inNamespace(cmd.toArray(String[]::new));
    }

    /** Runs a shell script inside; fails the test unless it exits 0. */
    public String sh(String script) {
        return attach("sh", "-c", script).ok().stdout();
    }

    /** Runs a host command in the fixture's cgroup2 mount namespace. */
    public Shell.Out inNamespace(String... argv) {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "-t", String.valueOf(holder.pid()), "-m", "--"));
        cmd.addAll(List.of(argv));
        return Shell.run(cmd);
    }

    @Override
    public void close() {
        if (holder != null && holder.isAlive()) {
            inNamespace("lxc-stop", "-P", lxcPath.toString(), "-n", name, "-k");
            holder.destroyForcibly();
        }
        Shell.run("umount", rootfs.toString());
        Shell.run("rm", "-rf", dir.toString());
    }
}
