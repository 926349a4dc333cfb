package org.ctplug.mapping;

import org.ctplug.exec.ToolPaths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ctplug.mapping.NodeReader.Field;
import org.ctplug.mapping.NodeReader.Fields;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the top level of the mapping: version, backend, defaults, tools, daemon and devices. */
final class MappingReader {
    static final List<String> TOP_KEYS = List.of("version", "backend", "defaults", "tools", "daemon", "devices");
    static final List<String> DEFAULTS_KEYS = List.of("mode", "group", "on_plug");
    static final List<String> TOOLS_KEYS = List.of("udevadm", "pct", "lxc-info", "lxc-start", "lxc-stop",
            "lxc-cgroup", "lxc-attach", "lxc-wait", "systemctl", "systemd-run");
    static final List<String> DAEMON_KEYS = List.of("restart_interval", "lock_timeout");

    private static final Duration RESTART_MIN = Duration.ofSeconds(1);
    private static final Duration LOCK_MIN = Duration.ofMillis(1);
    private static final Duration MAX = Duration.ofHours(24);

    private final NodeReader reader;
    private final BackendKind hostBackend;

    MappingReader(NodeReader reader, BackendKind hostBackend) {
        this.reader = reader;
        this.hostBackend = hostBackend;
    }

    /** The mapping, or empty when something was reported. */
    Optional<Mapping> read(Optional<Node> root) {
        Problems problems = reader.problems();
        if (root.isEmpty()) {
            problems.atStart("the file is empty: it needs at least \"version: 1\"");
            return Optional.empty();
        }
        Optional<Fields> top = reader.map(root.get(), root.get(), "", TOP_KEYS);
        if (top.isEmpty()) {
            return Optional.empty();
        }
        Fields f = top.get();
        Optional<Field> version = f.get("version");
        if (version.isEmpty()) {
            problems.at(root.get(), "version: missing: the first line should be \"version: 1\"");
        } else {
            reader.value(version.get(), Rules::version);
        }
        BackendKind backend = f.get("backend").flatMap(b -> reader.value(b, Rules::backend))
                .filter(b -> b != BackendKind.AUTO).orElse(hostBackend);
        Defaults defaults = f.get("defaults").map(this::defaults).orElse(Defaults.DEFAULT);
        ToolPaths tools = f.get("tools").map(this::tools).orElse(ToolPaths.DEFAULT);
        DaemonSettings daemon = f.get("daemon").map(this::daemon).orElse(DaemonSettings.DEFAULT);
        List<MappingEntry> entries = f.get("devices").map(d -> entries(d, defaults, backend)).orElse(List.of());
        return problems.isEmpty() ? Optional.of(new Mapping(problems.file(), backend, defaults, tools, daemon, entries))
                : Optional.empty();
    }

    private Defaults defaults(Field field) {
        Optional<Fields> fields = reader.map(field.value(), field.keyNode(), field.path(), DEFAULTS_KEYS);
        Defaults d = Defaults.DEFAULT;
        if (fields.isEmpty()) {
            return d;
        }
        Fields f = fields.get();
        int mode = f.get("mode").flatMap(m -> reader.value(m, Rules::mode)).orElse(d.mode());
        Optional<String> group = f.get("group").flatMap(g -> reader.value(g, Rules::group)).or(d::group);
        OnPlug onPlug = f.get("on_plug").flatMap(o -> reader.value(o, Rules::onPlug)).orElse(d.onPlug());
        return new Defaults(mode, group, onPlug);
    }

    private ToolPaths tools(Field field) {
        ToolPaths d = ToolPaths.DEFAULT;
        Map<String, String> paths = new HashMap<>();
        reader.map(field.value(), field.keyNode(), field.path(), TOOLS_KEYS).ifPresent(f -> {
            for (Field tool : f.all()) {
                reader.value(tool, Rules::toolPath).ifPresent(p -> paths.put(tool.key(), p));
            }
        });
        return new ToolPaths(paths.getOrDefault("udevadm", d.udevadm()), paths.getOrDefault("pct", d.pct()),
                paths.getOrDefault("lxc-info", d.lxcInfo()), paths.getOrDefault("lxc-start", d.lxcStart()),
                paths.getOrDefault("lxc-stop", d.lxcStop()), paths.getOrDefault("lxc-cgroup", d.lxcCgroup()),
                paths.getOrDefault("lxc-attach", d.lxcAttach()), paths.getOrDefault("lxc-wait", d.lxcWait()),
                paths.getOrDefault("systemctl", d.systemctl()),
                paths.getOrDefault("systemd-run", d.systemdRun()));
    }

    private DaemonSettings daemon(Field field) {
        DaemonSettings d = DaemonSettings.DEFAULT;
        Optional<Fields> fields = reader.map(field.value(), field.keyNode(), field.path(), DAEMON_KEYS);
        if (fields.isEmpty()) {
            return d;
        }
        Fields f = fields.get();
        Duration restart = f.get("restart_interval")
                .flatMap(r -> reader.value(r, v -> Rules.duration(v, RESTART_MIN, MAX))).orElse(d.restartInterval());
        Duration lock = f.get("lock_timeout")
                .flatMap(l -> reader.value(l, v -> Rules.duration(v, LOCK_MIN, MAX))).orElse(d.lockTimeout());
        return new DaemonSettings(restart, lock);
    }

    /** {@code devices: {}} and a bare {@code devices:} are both a mapping with no entries. */
    private List<MappingEntry> entries(Field field, Defaults defaults, BackendKind backend) {
        Optional<Fields> fields = reader.map(field.value(), field.keyNode(), field.path(), List.of());
        if (fields.isEmpty()) {
            return List.of();
        }
        EntryReader entryReader = new EntryReader(reader, defaults, backend);
        List<MappingEntry> entries = new ArrayList<>();
        for (Field entryField : fields.get().all()) {
            entryReader.read(entryField).ifPresent(entries::add);
        }
        return entries;
    }
}
