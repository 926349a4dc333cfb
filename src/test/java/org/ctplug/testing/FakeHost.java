package org.ctplug.testing;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.ctplug.cli.Main;

/**
 * A whole host under a temporary root: a kernel-shaped sysfs, /etc/pve or /var/lib/lxc configs,
 * and recording stand-ins for udevadm, pct and the lxc tools (the machine has no Proxmox, and
 * these tests must not touch the real udev or containers). {@code lxc-info} answers from
 * {@code <tools>/state-<id>} files: "RUNNING <pid>" or "STOPPED".
 */
public final class FakeHost {
    /**
     * The init PID of a running stand-in container: one no process can have (PID_MAX_LIMIT,
     * include/linux/threads.h, is 2^22 and PIDs stay below it), since ctplug looks at the real
     * /proc. A small number would now and then be a live process of the test run.
     */
    public static final int ABSENT_PID = 4_194_304;
    public final Path root;
    public final FakeSysfs sysfs;
    public final Path tools;
    public final Path commandLog;

    public record Run(int exit, String out, String err) {}

    public FakeHost(Path root) throws IOException {
        this.root = root;
        this.sysfs = new FakeSysfs(root);
        this.tools = root.resolve("tools");
        this.commandLog = tools.resolve("commands.log");
        Files.createDirectories(tools);
        for (String tool : List.of("udevadm", "pct", "lxc-cgroup", "lxc-stop", "lxc-start", "lxc-attach",
                "systemctl", "systemd-run")) {
            script(tool, "echo \"" + tool + " $*\" >> '" + commandLog + "'\n");
        }
        script("lxc-info", "while [ $# -gt 0 ]; do [ \"$1\" = -n ] && id=$2; shift; done\n"
                + "f='" + tools + "'/state-$id\n"
                + "[ -f \"$f\" ] || { echo \"$id doesn't exist\" >&2; exit 1; }\n"
                + "set -- $(cat \"$f\")\necho \"State: $1\"\n[ -n \"$2\" ] && echo \"PID: $2\"\nexit 0\n");
    }

    private void script(String name, String body) throws IOException {
        Path p = tools.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    public Path proxmoxConfig(String ctid, String content) throws IOException {
        Path p = root.resolve("etc/pve/lxc").resolve(ctid + ".conf");
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, java.nio.charset.StandardCharsets.ISO_8859_1);
        return p;
    }

    public Path lxcConfig(String name, String content) throws IOException {
        Path p = root.resolve("var/lib/lxc").resolve(name).resolve("config");
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    public void containerState(String id, String state) throws IOException {
        Files.writeString(tools.resolve("state-" + id), state + "\n");
    }

    /** Writes the mapping with every tool pointed at the stand-ins. */
    public Path mapping(String yaml) throws IOException {
        StringBuilder tools = new StringBuilder("tools:\n");
        for (String t : List.of("udevadm", "pct", "lxc-info", "lxc-start", "lxc-stop", "lxc-cgroup", "lxc-attach",
                "systemctl", "systemd-run")) {
            tools.append("  ").append(t).append(": ").append(this.tools.resolve(t)).append('\n');
        }
        Path p = root.resolve("etc/ctplug/devices.yaml");
        Files.createDirectories(p.getParent());
        Files.writeString(p, yaml.replace("%TOOLS%", tools.toString()));
        return p;
    }

    public Run ctplug(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--root");
        all.add(root.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    public List<String> commands() throws IOException {
        return Files.exists(commandLog) ? Files.readAllLines(commandLog) : List.of();
    }

    public void clearCommands() throws IOException {
        Files.deleteIfExists(commandLog);
    }
}
