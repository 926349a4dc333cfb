package org.ctplug.mapping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.ctplug.mapping.NodeReader.Field;
import org.ctplug.mapping.NodeReader.Fields;
import org.ctplug.kind.Kind;
import org.ctplug.kind.Kinds;
import org.ctplug.kind.MatchKey;
import org.ctplug.kind.TtyKind;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads one entry under {@code devices:}: its match, link, permissions and containers. */
final class EntryReader {
    static final List<String> ENTRY_KEYS = List.of("match", "link", "mode", "group", "on_plug", "links",
            "containers");
    static final List<String> MATCH_KEYS = List.of("subsystem", "vendor", "product", "ids", "serial", "interface",
            "port", "slot", "kernel");
    static final List<String> CONTAINER_KEYS = List.of("id", "path", "uid", "gid");

    private final NodeReader reader;
    private final Defaults defaults;
    private final BackendKind backend;
    /** The entries read so far by their link: two entries cannot share one /dev name. */
    private final Map<String, MappingEntry> byLink = new HashMap<>();
    /**
     * Per container, the node paths claimed so far, sorted: two nodes at one path, or a node and
     * one below it, would each replace or hide the other on every pass.
     */
    private final Map<String, TreeMap<String, Claim>> pathsByContainer = new HashMap<>();

    private record Claim(String entry, int line, int column) {}

    EntryReader(NodeReader reader, Defaults defaults, BackendKind backend) {
        this.reader = reader;
        this.defaults = defaults;
        this.backend = backend;
    }

    /** The entry, or empty when anything in it is invalid (every problem is reported). */
    Optional<MappingEntry> read(Field entry) {
        boolean nameOk = reader.apply(entry.keyNode(), entry.path(), entry.key(), Rules::entryName).isPresent();
        Optional<Fields> fields = reader.map(entry.value(), entry.keyNode(), entry.path(), ENTRY_KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Fields f = fields.get();
        Optional<Match> match = reader.require(f, "match", "what the device shows: vendor, product, serial...")
                .flatMap(this::match);
        // without a link the node keeps the kernel's name, on the host and inside
        // an invalid match still tells whether its kind needs a link, unless its subsystem is unknown
        boolean needsLink = match.map(m -> m.kind().needsLink()).orElseGet(() -> f.get("match")
                .map(m -> subsystemText(m.value()).map(t -> Kinds.named(t).map(Kind::needsLink).orElse(false))
                        .orElse(false))
                .orElse(true));
        Optional<String> link = needsLink ? reader.require(f, "link", "the name of the host symlink /dev/NAME")
                .flatMap(l -> reader.value(l, Rules::link)) : given(f, "link", Rules::link);
        boolean linkOk = f.get("link").isEmpty() ? !needsLink : link.isPresent();
        Optional<Integer> mode = optional(f, "mode", Rules::mode, defaults.mode());
        Optional<Optional<String>> group = f.get("group").isEmpty()
                ? Optional.of(match.flatMap(this::defaultGroup))
                : given(f, "group", Rules::group).map(Optional::of);
        Optional<OnPlug> onPlug = optional(f, "on_plug", Rules::onPlug, defaults.onPlug());
        Optional<Boolean> links = optional(f, "links", Rules::links, true);
        // a taken link is reported below; its default paths would only repeat that
        boolean claimPaths = linkOk && link.map(l -> !byLink.containsKey(l)).orElse(true);
        Optional<List<ContainerRef>> containers = reader.require(f, "containers", "where the device goes")
                .flatMap(c -> containers(c, entry.key(), link, claimPaths));
        if (!nameOk || match.isEmpty() || !linkOk || mode.isEmpty() || group.isEmpty()
                || onPlug.isEmpty() || links.isEmpty() || containers.isEmpty()) {
            return Optional.empty();
        }
        MappingEntry read = new MappingEntry(entry.key(), match.get(), link, mode.get(), group.get(),
                onPlug.get(), containers.get(), entry.keyNode().getStartMark().getLine() + 1, links.get());
        if (link.isPresent()) {
            MappingEntry first = byLink.putIfAbsent(link.get(), read);
            if (first != null) {
                reader.problems().at(f.get("link").orElseThrow().value(), entry.path() + ".link: /dev/" + link.get()
                        + " is already the link of entry \"" + first.name() + "\" (line " + first.line() + ")");
                return Optional.empty();
            }
        }
        return Optional.of(read);
    }

    private <T> Optional<T> optional(Fields f, String key, NodeReader.Rule<T> rule, T fallback) {
        Optional<Field> field = f.get(key);
        return field.isEmpty() ? Optional.of(fallback) : reader.value(field.get(), rule);
    }

    private <T> Optional<T> given(Fields f, String key, NodeReader.Rule<T> rule) {
        return f.get(key).flatMap(field -> reader.value(field, rule));
    }

    private static boolean valid(Fields f, String key, Optional<?> value) {
        return f.get(key).isEmpty() || value.isPresent();
    }

    private Optional<Match> match(Field matchField) {
        Optional<Fields> fields = reader.map(matchField.value(), matchField.keyNode(), matchField.path(), MATCH_KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Fields f = fields.get();
        Optional<Kind> kind = f.get("subsystem").isEmpty() ? Optional.of(TtyKind.TTY)
                : given(f, "subsystem", Rules::subsystem);
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        boolean ok = true;
        // each kind takes the keys that can tell its nodes apart (a misc node has no bus device
        // above it, a raw USB device no kernel name of its own but its port)
        List<String> taken = kind.get().keys().stream().map(MatchKey::key).toList();
        for (NodeReader.Field given : f.all()) {
            if (!given.key().equals("subsystem") && MatchKey.named(given.key()).filter(k -> !kind.get().keys()
                    .contains(k)).isPresent()) {
                reader.problems().at(given.keyNode(), given.path() + ": does not apply to subsystem "
                        + kind.get().subsystem() + " (it takes " + String.join(", ", taken) + ")");
                ok = false;
            }
        }
        Optional<String> vendor = given(f, "vendor", Rules::usbId);
        Optional<String> product = given(f, "product", Rules::usbId);
        Optional<List<String>> ids = f.get("ids").isEmpty() ? Optional.of(List.of()) : ids(f.get("ids").get());
        Optional<String> serial = given(f, "serial", Rules::serial);
        Optional<Integer> iface = given(f, "interface", Rules::interfaceNumber);
        Optional<String> port = given(f, "port", Rules::port);
        Optional<String> slot = given(f, "slot", Rules::slot);
        Optional<String> kernel = given(f, "kernel", Rules::kernel);
        // a key that was given but came back empty was invalid and has been reported
        ok &= valid(f, "vendor", vendor) && valid(f, "product", product) && ids.isPresent()
                && valid(f, "serial", serial) && valid(f, "interface", iface) && valid(f, "port", port)
                && valid(f, "slot", slot) && valid(f, "kernel", kernel);
        if (f.get("product").isPresent() && f.get("vendor").isEmpty()) {
            reader.problems().at(f.get("product").get().keyNode(),
                    matchField.path() + ": product without vendor (product IDs only mean something per vendor)");
            ok = false;
        }
        Optional<Field> usbKey = f.get("serial").or(() -> f.get("port")).or(() -> f.get("interface"));
        if (f.get("slot").isPresent() && usbKey.isPresent()) {
            // one node has one identity, a PCI function or a USB device: both could never hold
            reader.problems().at(usbKey.get().keyNode(), matchField.path() + ": " + usbKey.get().key()
                    + " names a USB device and slot a PCI function; give the keys of one of them");
            ok = false;
        }
        if (f.get("ids").isPresent() && f.get("vendor").isPresent()) {
            reader.problems().at(f.get("ids").get().keyNode(), matchField.path()
                    + ": give ids or vendor/product, not both (ids already name each vendor)");
            ok = false;
        }
        if (f.all().stream().noneMatch(k -> !k.key().equals("subsystem") && !k.key().equals("interface"))) {
            reader.problems().at(matchField.keyNode(), matchField.path() + ": no identifying key: give "
                    + identifying(kind.get()));
            ok = false;
        }
        return ok ? Optional.of(new Match(kind.get(), vendor, product, ids.get(), serial, iface, port, slot, kernel))
                : Optional.empty();
    }

    /**
     * {@code defaults.group} is the group of tty nodes, as it was before other kinds: a mapping
     * that says {@code dialout} there must not give dialout raw access to a disk or a GPU. Other
     * kinds take their own.
     */
    private Optional<String> defaultGroup(Match m) {
        Optional<String> own = m.kind().defaultGroup(m.kernel());
        return m.kind() instanceof TtyKind ? defaults.group().or(() -> own) : own;
    }

    /** The {@code subsystem} a match node names, as written; tty when it names none. */
    private static Optional<String> subsystemText(Node match) {
        if (!(match instanceof MappingNode m)) {
            return Optional.of(TtyKind.TTY.subsystem());
        }
        for (var tuple : m.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals("subsystem")) {
                return tuple.getValueNode() instanceof ScalarNode v ? Optional.of(v.getValue()) : Optional.empty();
            }
        }
        return Optional.of(TtyKind.TTY.subsystem());
    }

    /** "vendor (and product), serial, port or kernel": the keys that identify on their own. */
    private static String identifying(Kind kind) {
        List<String> keys = kind.keys().stream().filter(k -> k != MatchKey.INTERFACE && k != MatchKey.PRODUCT)
                .map(k -> k == MatchKey.VENDOR ? "vendor (and product)" : k.key()).toList();
        return keys.size() == 1 ? keys.get(0)
                : String.join(", ", keys.subList(0, keys.size() - 1)) + " or " + keys.get(keys.size() - 1);
    }

    /** {@code ids: ["1a6e:089a", "18d1:9302"]}: at least one pair, none twice. */
    private Optional<List<String>> ids(Field field) {
        Optional<List<Node>> items = reader.list(field);
        if (items.isEmpty()) {
            return Optional.empty();
        }
        if (items.get().isEmpty()) {
            reader.problems().at(field.value(), field.path() + ": the list is empty; give vendor:product pairs");
            return Optional.empty();
        }
        List<String> ids = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < items.get().size(); i++) {
            Field item = new Field("", items.get().get(i), items.get().get(i), field.path() + "[" + i + "]");
            Optional<String> id = reader.value(item, Rules::idPair);
            if (id.isPresent() && ids.contains(id.get())) {
                reader.problems().at(item.value(), item.path() + ": " + id.get() + " is listed twice");
                ok = false;
            } else if (id.isPresent()) {
                ids.add(id.get());
            } else {
                ok = false;
            }
        }
        return ok ? Optional.of(ids) : Optional.empty();
    }

    /** @param claim whether the refs' paths are recorded: not when the link, and so the default path, is taken */
    private Optional<List<ContainerRef>> containers(Field field, String entryName, Optional<String> link,
                                                    boolean claim) {
        Optional<List<Node>> items = reader.list(field);
        if (items.isEmpty()) {
            return Optional.empty();
        }
        if (items.get().isEmpty()) {
            reader.problems().at(field.value(), field.path() + ": the list is empty; give at least one container");
            return Optional.empty();
        }
        List<ContainerRef> refs = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        boolean ok = true;
        for (int i = 0; i < items.get().size(); i++) {
            Node item = items.get().get(i);
            String path = field.path() + "[" + i + "]";
            Optional<ContainerRef> ref = container(item, path, link);
            if (ref.isEmpty()) {
                ok = false;
                continue;
            }
            int line = item.getStartMark().getLine() + 1;
            Integer first = firstLine.putIfAbsent(ref.get().id(), line);
            if (first != null) {
                reader.problems().at(item, path + ": container " + ref.get().id()
                        + " is listed twice in this entry (first on line " + first + ")");
                ok = false;
                continue;
            }
            // a path that follows the device's kernel name is known only once it is plugged
            if (claim && ref.get().path().isPresent() && !claim(ref.get(), item, path, entryName)) {
                ok = false;
                continue;
            }
            refs.add(ref.get());
        }
        return ok ? Optional.of(refs) : Optional.empty();
    }

    /** Records the ref's path for its container; false (and reported) when it meets an earlier one. */
    private boolean claim(ContainerRef ref, Node item, String path, String entryName) {
        TreeMap<String, Claim> claimed = pathsByContainer.computeIfAbsent(ref.id(), id -> new TreeMap<>());
        String p = ref.path().orElseThrow();
        Optional<Map.Entry<String, Claim>> clash = Optional.ofNullable(claimed.get(p)).map(c -> Map.entry(p, c));
        // the paths are normalized (Rules.containerPath): ancestors are the prefixes ending before a '/'
        for (int slash = p.lastIndexOf('/'); clash.isEmpty() && slash > 0; slash = p.lastIndexOf('/', slash - 1)) {
            String parent = p.substring(0, slash);
            clash = Optional.ofNullable(claimed.get(parent)).map(c -> Map.entry(parent, c));
        }
        if (clash.isEmpty()) {
            // descendants of p sort right after p + "/"
            clash = Optional.ofNullable(claimed.ceilingEntry(p + "/")).filter(e -> e.getKey().startsWith(p + "/"));
        }
        if (clash.isPresent()) {
            String other = clash.get().getKey();
            Claim c = clash.get().getValue();
            String how = other.equals(p) ? "is already the node of"
                    : other.startsWith(p + "/") ? "would be a directory of " + other + ", the node of"
                    : "is below " + other + ", the node of";
            reader.problems().at(item, path + ": " + p + " in container " + ref.id() + " " + how + " entry \""
                    + c.entry() + "\" (line " + c.line() + ", column " + c.column() + ")");
            return false;
        }
        claimed.put(p, new Claim(entryName, item.getStartMark().getLine() + 1, item.getStartMark().getColumn() + 1));
        return true;
    }

    /** {@code - 105} or {@code - {id: 105, path: /dev/ttyACM0, uid: 0, gid: 20}}. */
    private Optional<ContainerRef> container(Node item, String path, Optional<String> link) {
        Optional<String> linkPath = link.map(l -> "/dev/" + l);
        if (item instanceof ScalarNode) {
            Field asField = new Field("", item, item, path);
            return reader.value(asField, id -> Rules.containerId(id, backend))
                    .map(id -> new ContainerRef(id, linkPath, 0, 0));
        }
        if (!(item instanceof MappingNode)) {
            reader.problems().at(item, path + ": expected a container id or a map with id, path, uid, gid; found "
                    + NodeReader.kind(item));
            return Optional.empty();
        }
        Optional<Fields> fields = reader.map(item, item, path, CONTAINER_KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Fields f = fields.get();
        Optional<String> id = reader.require(f, "id", backend == BackendKind.PROXMOX ? "the CTID" : "the container name")
                .flatMap(i -> reader.value(i, v -> Rules.containerId(v, backend)));
        Optional<Optional<String>> nodePath = f.get("path").isEmpty() ? Optional.of(linkPath)
                : given(f, "path", Rules::containerPath).map(Optional::of);
        Optional<Integer> uid = optional(f, "uid", Rules::ownerId, 0);
        Optional<Integer> gid = optional(f, "gid", Rules::ownerId, 0);
        if (id.isEmpty() || nodePath.isEmpty() || uid.isEmpty() || gid.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ContainerRef(id.get(), nodePath.get(), uid.get(), gid.get()));
    }
}
