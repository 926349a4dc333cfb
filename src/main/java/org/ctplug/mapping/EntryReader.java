package org.ctplug.mapping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.ctplug.mapping.NodeReader.Field;
import org.ctplug.mapping.NodeReader.Fields;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads one entry under {@code devices:}: its match, link, permissions and containers. */
final class EntryReader {
    static final List<String> ENTRY_KEYS = List.of("match", "link", "mode", "group", "on_plug", "links",
            "containers");
    static final List<String> MATCH_KEYS = List.of("vendor", "product", "serial", "interface", "port", "kernel");
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
        Optional<String> link = reader.require(f, "link", "the name of the host symlink /dev/NAME")
                .flatMap(l -> reader.value(l, Rules::link));
        Optional<Integer> mode = optional(f, "mode", Rules::mode, defaults.mode());
        Optional<String> group = optional(f, "group", Rules::group, defaults.group());
        Optional<OnPlug> onPlug = optional(f, "on_plug", Rules::onPlug, defaults.onPlug());
        Optional<Boolean> links = optional(f, "links", Rules::links, true);
        // a taken link is reported below; its default paths would only repeat that
        boolean claimPaths = link.isPresent() && !byLink.containsKey(link.get());
        Optional<List<ContainerRef>> containers = reader.require(f, "containers", "where the device goes")
                .flatMap(c -> containers(c, entry.key(), link.orElse(""), claimPaths));
        if (!nameOk || match.isEmpty() || link.isEmpty() || mode.isEmpty() || group.isEmpty() || onPlug.isEmpty()
                || links.isEmpty() || containers.isEmpty()) {
            return Optional.empty();
        }
        MappingEntry read = new MappingEntry(entry.key(), match.get(), link.get(), mode.get(), group.get(),
                onPlug.get(), containers.get(), entry.keyNode().getStartMark().getLine() + 1, links.get());
        MappingEntry first = byLink.putIfAbsent(read.link(), read);
        if (first != null) {
            reader.problems().at(f.get("link").orElseThrow().value(), entry.path() + ".link: /dev/" + read.link()
                    + " is already the link of entry \"" + first.name() + "\" (line " + first.line() + ")");
            return Optional.empty();
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
        Optional<String> vendor = given(f, "vendor", Rules::usbId);
        Optional<String> product = given(f, "product", Rules::usbId);
        Optional<String> serial = given(f, "serial", Rules::serial);
        Optional<Integer> iface = given(f, "interface", Rules::interfaceNumber);
        Optional<String> port = given(f, "port", Rules::port);
        Optional<String> kernel = given(f, "kernel", Rules::kernel);
        // a key that was given but came back empty was invalid and has been reported
        boolean ok = valid(f, "vendor", vendor) && valid(f, "product", product) && valid(f, "serial", serial)
                && valid(f, "interface", iface) && valid(f, "port", port) && valid(f, "kernel", kernel);
        if (f.get("product").isPresent() && f.get("vendor").isEmpty()) {
            reader.problems().at(f.get("product").get().keyNode(),
                    matchField.path() + ": product without vendor (product IDs only mean something per vendor)");
            ok = false;
        }
        if (f.get("vendor").isEmpty() && f.get("product").isEmpty() && f.get("serial").isEmpty()
                && f.get("port").isEmpty() && f.get("kernel").isEmpty()) {
            reader.problems().at(matchField.keyNode(), matchField.path()
                    + ": no identifying key: give vendor (and product), serial, port or kernel");
            ok = false;
        }
        return ok ? Optional.of(new Match(vendor, product, serial, iface, port, kernel)) : Optional.empty();
    }

    /** @param claim whether the refs' paths are recorded: not when the link, and so the default path, is taken */
    private Optional<List<ContainerRef>> containers(Field field, String entryName, String link, boolean claim) {
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
            if (claim && !claim(ref.get(), item, path, entryName)) {
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
        String p = ref.path();
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
    private Optional<ContainerRef> container(Node item, String path, String link) {
        if (item instanceof ScalarNode) {
            Field asField = new Field("", item, item, path);
            return reader.value(asField, id -> Rules.containerId(id, backend))
                    .map(id -> new ContainerRef(id, "/dev/" + link, 0, 0));
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
        Optional<String> nodePath = optional(f, "path", Rules::containerPath, "/dev/" + link);
        Optional<Integer> uid = optional(f, "uid", Rules::ownerId, 0);
        Optional<Integer> gid = optional(f, "gid", Rules::ownerId, 0);
        if (id.isEmpty() || nodePath.isEmpty() || uid.isEmpty() || gid.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ContainerRef(id.get(), nodePath.get(), uid.get(), gid.get()));
    }
}
