package org.ctplug.state;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.ctplug.container.AtomicFiles;
import org.ctplug.container.ConfigLine;
import org.ctplug.text.Json;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code /var/lib/ctplug/state.json}: JSON with sorted keys, so the same state always renders to
 * the same bytes and an apply that changes nothing rewrites nothing. Lists keep their order.
 */
public final class StateStore {
    /**
     * 2: cgroup grants name the exact device. Files of the releases before carry 1 (or no
     * version at all) and recorded whole-major lines ({@code c 4:* rwm}); they read the same,
     * and the first reconcile replaces those lines, because no entry wants them any more. Lines
     * the user wrote were never recorded, so they stay.
     */
    static final int EXACT_GRANT_VERSION = 2;
    /**
     * 3: written before each config write and each restart, not only after the apply, so the
     * lines it names may be a superset of those in the config (a removal only removes what is
     * there), {@code restarting} names containers ctplug stopped and must see running again, and
     * {@code udevPending} says that udev has yet to load rules written to the file.
     * Version 2 files read the same with no container restarting. A container's {@code links}
     * and {@code linkDirs} (what ctplug made for udev links in it) are written only when it has
     * some, so a file without them reads as before; a release before them ignores both.
     */
    static final int VERSION = 3;
    private static final int WHOLE_MAJOR_VERSION = 1;

    private final Path path;
    private String lastText;
    private AppliedState lastState;

    public StateStore(Path root) {
        this.path = root.resolve("var/lib/ctplug/state.json");
    }

    public Path path() {
        return path;
    }

    /**
     * A missing file is the empty state; an unreadable one an error naming the file. The daemon
     * loads the state on every reconcile: the file is read each time (someone may have changed
     * it), but parsed only when its text differs from what this store last read or wrote.
     */
    public synchronized AppliedState load() throws IOException {
        Optional<String> text = AtomicFiles.read(path);
        if (text.isEmpty()) {
            return AppliedState.EMPTY;
        }
        if (text.get().equals(lastText)) {
            return lastState;
        }
        try {
            // JSON is YAML; the safe constructor builds only maps, lists and scalars
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text.get());
            remember(text.get(), StateCodec.decode(doc));
            return lastState;
        } catch (RuntimeException e) {
            throw new IOException(path + ": not a ctplug state file: " + e.getMessage(), e);
        }
    }

    public String render(AppliedState state) {
        return Json.write(StateCodec.encode(state)) + "\n";
    }

    /**
     * Writes atomically, creating the state directory when needed, unless the file already
     * holds exactly this state: an apply that changes nothing writes no byte.
     */
    public synchronized void write(AppliedState state) throws IOException {
        String text = render(state);
        if (AtomicFiles.read(path).filter(text::equals).isPresent()) {
            remember(text, state);
            return;
        }
        AtomicFiles.makeParent(path);
        AtomicFiles.write(path, text);
        remember(text, state);
    }

    private void remember(String text, AppliedState state) {
        lastText = text;
        lastState = state;
    }

    /** Between records and the plain maps and lists JSON carries. */
    private static final class StateCodec {
        static Map<String, Object> encode(AppliedState state) {
            Map<String, Object> containers = new TreeMap<>();
            state.containers().forEach((id, c) -> containers.put(id, encode(c)));
            Map<String, Object> doc = new TreeMap<>();
            doc.put("version", VERSION);
            doc.put("containers", containers);
            doc.put("triggeredDevpaths", state.triggeredDevpaths());
            doc.put("majors", new TreeMap<>(state.majors()));
            doc.put("restarting", List.copyOf(state.restarting()));
            doc.put("udevPending", state.udevPending());
            return doc;
        }

        private static Map<String, Object> encode(ContainerState c) {
            List<Object> lines = new ArrayList<>();
            c.addedLines().forEach(l -> lines.add(new TreeMap<>(Map.of("key", l.key(), "value", l.value()))));
            List<Object> nodes = new ArrayList<>();
            c.nodes().forEach(n -> nodes.add(new TreeMap<>(Map.of("path", n.path(), "major", n.major(), "minor", n.minor(),
                    "initPid", n.initPid()))));
            Map<String, Object> out = new TreeMap<>();
            out.put("backend", c.backend());
            out.put("addedLines", lines);
            out.put("nodes", nodes);
            // only when there are some: a state without links reads as it did before them
            if (!c.links().isEmpty()) {
                out.put("links", encode(c.links()));
            }
            if (!c.linkDirs().isEmpty()) {
                out.put("linkDirs", encode(c.linkDirs()));
            }
            return out;
        }

        private static List<Object> encode(List<MadePath> made) {
            List<Object> out = new ArrayList<>();
            made.forEach(m -> out.add(new TreeMap<>(Map.of("path", m.path(), "initPid", m.initPid()))));
            return out;
        }

        static AppliedState decode(Object doc) {
            Map<?, ?> top = Json.object(doc, "document");
            Object version = top.get("version");
            boolean wholeMajor = version == null || Integer.valueOf(WHOLE_MAJOR_VERSION).equals(version);
            boolean known = wholeMajor || Integer.valueOf(EXACT_GRANT_VERSION).equals(version)
                    || Integer.valueOf(VERSION).equals(version);
            if (!known) {
                throw new IllegalArgumentException("unsupported version " + version);
            }
            Map<String, ContainerState> containers = new LinkedHashMap<>();
            Json.object(top.get("containers"), "containers").forEach((id, c) -> containers.put(Json.string(id, "container id"),
                    decodeContainer(Json.object(c, "container " + id))));
            List<String> devpaths = new ArrayList<>();
            Json.array(top.get("triggeredDevpaths"), "triggeredDevpaths").forEach(d -> devpaths.add(Json.string(d, "devpath")));
            Map<String, Integer> majors = new TreeMap<>();
            Object m = top.get("majors");
            if (m != null) {
                Json.object(m, "majors").forEach((k, v) -> majors.put(Json.string(k, "entry"), Json.smallInteger(v, "major")));
            }
            java.util.Set<String> restarting = new java.util.TreeSet<>();
            Object r = top.get("restarting");
            if (r != null) {
                Json.array(r, "restarting").forEach(id -> restarting.add(Json.string(id, "restarting container id")));
            }
            boolean udevPending = Boolean.TRUE.equals(top.get("udevPending"));
            return new AppliedState(containers, devpaths, majors, restarting, udevPending);
        }

        private static ContainerState decodeContainer(Map<?, ?> c) {
            List<ConfigLine> lines = new ArrayList<>();
            for (Object o : Json.array(c.get("addedLines"), "addedLines")) {
                Map<?, ?> l = Json.object(o, "added line");
                lines.add(new ConfigLine(Json.string(l.get("key"), "key"), Json.string(l.get("value"), "value")));
            }
            List<NodeState> nodes = new ArrayList<>();
            for (Object o : Json.array(c.get("nodes"), "nodes")) {
                Map<?, ?> n = Json.object(o, "node");
                nodes.add(new NodeState(Json.string(n.get("path"), "path"), Json.smallInteger(n.get("major"), "major"),
                        Json.smallInteger(n.get("minor"), "minor"), n.get("initPid") == null ? 0 : Json.smallInteger(n.get("initPid"), "initPid")));
            }
            return new ContainerState(Json.string(c.get("backend"), "backend"), lines, nodes,
                    decodeMade(c.get("links"), "links"), decodeMade(c.get("linkDirs"), "linkDirs"));
        }

        /** Absent in files written before links, and whenever there are none. */
        private static List<MadePath> decodeMade(Object list, String what) {
            List<MadePath> made = new ArrayList<>();
            if (list != null) {
                for (Object o : Json.array(list, what)) {
                    Map<?, ?> m = Json.object(o, what + " entry");
                    made.add(new MadePath(Json.string(m.get("path"), "path"), Json.smallInteger(m.get("initPid"),
                            "initPid")));
                }
            }
            return made;
        }
    }
}
