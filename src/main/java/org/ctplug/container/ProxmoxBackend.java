package org.ctplug.container;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.ctplug.exec.CommandRunner;
import org.ctplug.exec.ToolPaths;

/**
 * Proxmox VE: configs in pmxcfs at {@code /etc/pve/lxc/<ctid>.conf}, guarded by the flock file
 * {@code pct} itself takes. Containers run through LXC with the default lxcpath, so
 * {@code lxc-info} answers for them in milliseconds where {@code pct status} starts Perl.
 */
public final class ProxmoxBackend implements ContainerBackend {
    private static final Pattern CTID = Pattern.compile("[1-9][0-9]{2,8}");

    private final Path root;
    private final ToolPaths tools;
    private final CommandRunner runner;

    public ProxmoxBackend(Path root, ToolPaths tools, CommandRunner runner) {
        this.root = Objects.requireNonNull(root, "root");
        this.tools = Objects.requireNonNull(tools, "tools");
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    @Override
    public ConfigSyntax syntax() {
        return ConfigSyntax.PROXMOX;
    }

    @Override
    public Path configPath(String id) {
        return Commands.under(root, "/etc/pve/lxc").resolve(checked(id) + ".conf");
    }

    /** The file {@code pct} flocks around every config change (PVE::LXC::Config lock_config). */
    @Override
    public Optional<Path> lockPath(String id) {
        return Optional.of(Commands.under(root, "/run/lock/lxc").resolve("pve-config-" + checked(id) + ".lock"));
    }

    @Override
    public ContainerStatus status(String id) throws IOException {
        return LxcInfo.status(runner, tools.lxcInfo(), List.of(), checked(id));
    }

    /** Proxmox maps unprivileged containers to 100000+ unless raw lxc.idmap lines say otherwise. */
    @Override
    public Optional<IdMap> idMap(String configContent) {
        Optional<IdMap> explicit = IdMap.fromIdmapLines(ConfigEditor.values(configContent, "lxc.idmap"));
        if (explicit.isPresent()) {
            return explicit;
        }
        boolean unprivileged = ConfigEditor.values(configContent, "unprivileged").stream()
                .anyMatch(v -> v.equals("1"));
        return unprivileged ? Optional.of(IdMap.PROXMOX_DEFAULT) : Optional.empty();
    }

    /** Proxmox containers run through LXC with its default lxcpath: lxc-wait knows them by CTID. */
    @Override
    public boolean awaitRunning(String id, java.time.Duration timeout) throws IOException {
        return runner.run(List.of(tools.lxcWait(), "-n", checked(id), "-s", "RUNNING", "-t",
                String.valueOf(Math.max(1, timeout.toSeconds())))).ok();
    }

    /**
     * {@code pct reboot} starts the container again through {@code pve-container@<id>}, so it
     * never ends up in ctplug's service cgroup; it also applies pending changes.
     */
    @Override
    public void restart(String id) throws IOException {
        runner.runChecked(List.of(tools.pct(), "reboot", checked(id)));
    }

    /** {@code pct start} runs it through {@code pve-container@<id>}, as the reboot does. */
    @Override
    public void start(String id) throws IOException {
        runner.runChecked(List.of(tools.pct(), "start", checked(id)));
    }

    @Override
    public String kind() {
        return "proxmox";
    }

    private static String checked(String id) {
        if (!CTID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a Proxmox container id: '" + id + "'");
        }
        return id;
    }
}
