package org.ctplug.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import org.ctplug.exec.CommandRunner;
import org.ctplug.exec.ToolPaths;

/**
 * Plain LXC: {@code <lxcpath>/<name>/config} written as {@code key = value}. LXC has no config
 * lock convention of its own, so there is no lock file.
 */
public final class LxcBackend implements ContainerBackend {
    public static final String DEFAULT_LXCPATH = "/var/lib/lxc";
    // liblxc refuses '/' in names; the rest keeps names usable in systemd unit names too
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    private final Path lxcpath;
    private final List<String> lxcpathArgs;
    private final ToolPaths tools;
    private final CommandRunner runner;
    private final BooleanSupplier systemdIsInit;

    public LxcBackend(Path root, ToolPaths tools, CommandRunner runner) {
        this(root, DEFAULT_LXCPATH, tools, runner);
    }

    public LxcBackend(Path root, String lxcpath, ToolPaths tools, CommandRunner runner) {
        // sd_booted(3): systemd is PID 1 when this directory exists; always the real root's /run
        this(root, lxcpath, tools, runner, () -> Files.isDirectory(Path.of("/run/systemd/system")));
    }

    LxcBackend(Path root, String lxcpath, ToolPaths tools, CommandRunner runner, BooleanSupplier systemdIsInit) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(lxcpath, "lxcpath");
        this.lxcpath = Commands.under(root, lxcpath);
        // the tools see the real filesystem: name the lxcpath only when it is not their default
        this.lxcpathArgs = this.lxcpath.equals(Path.of(DEFAULT_LXCPATH))
                ? List.of() : List.of("-P", this.lxcpath.toString());
        this.tools = Objects.requireNonNull(tools, "tools");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.systemdIsInit = systemdIsInit;
    }

    @Override
    public ConfigSyntax syntax() {
        return ConfigSyntax.LXC;
    }

    @Override
    public Path configPath(String id) {
        return lxcpath.resolve(checked(id)).resolve("config");
    }

    @Override
    public Optional<Path> lockPath(String id) {
        checked(id);
        return Optional.empty();
    }

    @Override
    public ContainerStatus status(String id) throws IOException {
        return LxcInfo.status(runner, tools.lxcInfo(), lxcpathArgs, checked(id));
    }

    @Override
    public Optional<IdMap> idMap(String configContent) {
        return IdMap.fromIdmapLines(ConfigEditor.values(configContent, "lxc.idmap"));
    }

    @Override
    public boolean awaitRunning(String id, java.time.Duration timeout) throws IOException {
        return runner.run(lxc(tools.lxcWait(), checked(id), "-s", "RUNNING", "-t",
                String.valueOf(Math.max(1, timeout.toSeconds())))).ok();
    }

    /**
     * Never starts the container as a child of ctplug: inside ctplug's service it would share
     * its cgroup and sandbox, and die with it. With systemd as init the container runs in a unit
     * of its own ({@code lxc@<name>.service} when that manages it, else a transient unit where
     * {@code -F} keeps lxc-start in the foreground); without systemd lxc-start daemonizes.
     */
    @Override
    public void restart(String id) throws IOException {
        String name = checked(id);
        if (systemdIsInit.getAsBoolean()) {
            String unit = "lxc@" + name + ".service";
            if (runner.run(List.of(tools.systemctl(), "is-active", "--quiet", unit)).ok()) {
                runner.runChecked(List.of(tools.systemctl(), "restart", unit));
                return;
            }
        }
        runner.runChecked(lxc(tools.lxcStop(), name));
        start(name);
    }

    @Override
    public void start(String id) throws IOException {
        String name = checked(id);
        if (systemdIsInit.getAsBoolean()) {
            List<String> argv = new ArrayList<>(List.of(tools.systemdRun(), "--unit=ctplug-lxc-" + name,
                    "--collect", "--property=Delegate=yes"));
            argv.addAll(lxc(tools.lxcStart(), name, "-F"));
            runner.runChecked(argv);
        } else {
            runner.runChecked(lxc(tools.lxcStart(), name));
        }
    }

    @Override
    public String kind() {
        return "lxc";
    }

    private List<String> lxc(String tool, String name, String... extra) {
        List<String> argv = new ArrayList<>(List.of(tool));
        argv.addAll(List.of(extra));
        argv.addAll(List.of("-n", name));
        argv.addAll(lxcpathArgs);
        return argv;
    }

    private static String checked(String id) {
        if (!NAME.matcher(id).matches()) {
            throw new IllegalArgumentException("not an LXC container name: '" + id + "'");
        }
        return id;
    }
}
