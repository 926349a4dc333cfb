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
 * A real busybox container made for one test class or benchmark phase: no network, unconfined,
 * and (on request) a deny-all device cgroup with the basic allows, so only ctplug's rule can let
 * a device through.
 */
public final class LxcContainer implements AutoCloseable {
    public static final Path LXC_PATH = Path.of("/var/lib/lxc");
    /** Root's subordinate ids, as .ci/run grants them. */
    private static final long SHIFT = 100000;
    private static final List<String> BASIC_ALLOWS = List.of("c 1:3", "c 1:5", "c 1:7", "c 1:8", "c 1:9", "c 5:0",
            "c 5:1", "c 5:2", "c 136:*");

    public final String name;
    private final boolean unprivileged;

    private LxcContainer(String name, boolean unprivileged) {
        this.name = name;
        this.unprivileged = unprivileged;
    }

    /**
     * The Proxmox recipe that passes host gid 20 (dialout) through to gid 20 inside; it needs
     * {@code root:20:1} in /etc/subgid, which CI writes.
     */
    public static final List<String> DIALOUT_PASSED_THROUGH = List.of("u 0 " + SHIFT + " 65536",
            "g 0 " + SHIFT + " 20", "g 20 20 1", "g 21 " + (SHIFT + 21) + " 65515");

    /** Creates (not starts) a container; {@code extraConfig} lines go into its creation config. */
    public static LxcContainer create(String prefix, boolean denyDevices, boolean unprivileged, String... extraConfig)
            throws IOException {
        return create(prefix, denyDevices, unprivileged
                ? List.of("u 0 " + SHIFT + " 65536", "g 0 " + SHIFT + " 65536") : List.of(), extraConfig);
    }

    /**
     * An unprivileged container with these {@code lxc.idmap} values (privileged when empty). The
     * root of each map must be host id {@link #SHIFT}, as {@link #idShift()} says.
     */
    public static LxcContainer create(String prefix, boolean denyDevices, List<String> idmap, String... extraConfig)
            throws IOException {
        boolean unprivileged = !idmap.isEmpty();
        LxcContainer c = new LxcContainer(prefix + "-" + UUID.randomUUID().toString().substring(0, 8), unprivileged);
        Path conf = Files.createTempFile("ctplug-lxc", ".conf");
        List<String> lines = new ArrayList<>(List.of("lxc.net.0.type = empty", "lxc.apparmor.profile = unconfined"));
        idmap.forEach(range -> lines.add("lxc.idmap = " + range));
        lines.addAll(List.of(extraConfig));
        Files.write(conf, lines);
        try {
            Shell.run("lxc-create", "-n", c.name, "-t", "busybox", "-f", conf.toString()).ok();
        } finally {
            Files.delete(conf);
        }
        if (denyDevices) {
            // the keys of the layout the test runs on: LXC ignores the other ones
            Layout layout = Layout.current();
            List<String> deny = new ArrayList<>(List.of(layout.denyKey() + " = a"));
            BASIC_ALLOWS.forEach(a -> deny.add(layout.allowKey() + " = " + a + " rwm"));
            Files.write(c.config(), deny, java.nio.file.StandardOpenOption.APPEND);
        }
        return c;
    }

    public Path config() {
        return LXC_PATH.resolve(name).resolve("config");
    }

    /** The id shift of root inside (the idmap above), 0 for a privileged container. */
    public long idShift() {
        return unprivileged ? SHIFT : 0;
    }

    public void start() {
        Shell.run("lxc-start", "-n", name).ok();
        await().atMost(Duration.ofSeconds(20)).until(() -> initPid() > 0);
    }

    public void stop() {
        Shell.run("lxc-stop", "-k", "-n", name);
    }

    public int initPid() {
        String out = Shell.run("lxc-info", "-n", name, "-p", "-H").stdout().strip();
        return out.isEmpty() ? -1 : Integer.parseInt(out);
    }

    public String state() {
        return Shell.run("lxc-info", "-n", name, "-s", "-H").stdout().strip();
    }

    public Shell.Out attach(String... argv) {
        List<String> cmd = new ArrayList<>(List.of("lxc-attach", "-n", name, "--"));
        cmd.addAll(List.of(argv));
        return Shell.run(cmd);
    }

    public Shell.Out attachAs(int uid, int gid, String... argv) {
        List<String> cmd = new ArrayList<>(List.of("lxc-attach", "-n", name, "--uid", String.valueOf(uid), "--gid",
                String.valueOf(gid), "--"));
        cmd.addAll(List.of(argv));
        return Shell.run(cmd);
    }

    /** "ok" when the path opens read-write inside, else the shell's error. */
    public String open(String path) {
        return attach("sh", "-c", openScript(path)).output().strip();
    }

    /** As {@link #open}, for a process with this uid and gid inside. */
    public String openAs(int uid, int gid, String path) {
        return attachAs(uid, gid, "sh", "-c", openScript(path)).output().strip();
    }

    /** A node test first: a plain "<>" redirection would create a regular file where the node is missing. */
    private static String openScript(String path) {
        return "{ [ -c " + path + " ] || [ -b " + path + " ]; } && exec 3<>" + path + " && echo ok";
    }

    @Override
    public void close() {
        Shell.run("lxc-stop", "-k", "-n", name);
        Shell.run("lxc-destroy", "-n", name);
        Shell.run("rm", "-rf", "/run/ctplug/dev/" + name);
    }
}
