package org.ctplug.mapping;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads maps, lists and scalars off the node tree by the schema's rules, reporting each
 * deviation with the dotted path of the key (e.g. {@code devices.zigbee.match.vendor}).
 */
final class NodeReader {
    /** One key of a map: its text, where it stands, its value and its dotted path. */
    record Field(String key, Node keyNode, Node value, String path) {
    }

    /** The keys of one map, first occurrence of each, in file order. */
    static final class Fields {
        private final Node anchor;
        private final String path;
        private final Map<String, Field> byKey = new LinkedHashMap<>();

        private Fields(Node anchor, String path) {
            this.anchor = anchor;
            this.path = path;
        }

        Optional<Field> get(String key) {
            return Optional.ofNullable(byKey.get(key));
        }

        Collection<Field> all() {
            return byKey.values();
        }

        /** Where problems about the map as a whole go: the key that holds it. */
        Node anchor() {
            return anchor;
        }

        String path() {
            return path;
        }
    }

    /** A check of one scalar's text; throws with a message that follows "path: ". */
    @FunctionalInterface
    interface Rule<T> {
        T apply(String text) throws Invalid;
    }

    /** A value that breaks a rule; no stack trace, it is user input, not a bug. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");

    private final Problems problems;

    NodeReader(Problems problems) {
        this.problems = problems;
    }

    Problems problems() {
        return problems;
    }

    /** YAML's null written plain: nothing after the colon, {@code ~} or {@code null}; an empty section. */
    static boolean isNull(Node node) {
        return node instanceof ScalarNode && ((ScalarNode) node).isPlain()
                && NULLS.contains(((ScalarNode) node).getValue());
    }

    static String child(String path, String key) {
        return path.isEmpty() ? Texts.escape(key) : path + "." + Texts.escape(key);
    }

    /**
     * The fields of a map; a YAML null is an empty map (an empty section). Other kinds are
     * reported and give nothing. {@code allowed} empty accepts any key (entry names).
     */
    Optional<Fields> map(Node node, Node anchor, String path, List<String> allowed) {
        if (!(node instanceof MappingNode)) {
            if (isNull(node)) {
                return Optional.of(new Fields(anchor, path));
            }
            problems.at(node, (path.isEmpty() ? "the file" : path) + ": expected a map (key: value lines), found "
                    + kind(node));
            return Optional.empty();
        }
        Fields fields = new Fields(anchor, path);
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode) || isNull(keyNode)) {
                problems.at(keyNode, (path.isEmpty() ? "the file" : path) + ": keys must be plain names, found "
                        + kind(keyNode));
                continue;
            }
            String key = ((ScalarNode) keyNode).getValue();
            String keyPath = child(path, key);
            if (!safeText((ScalarNode) keyNode, keyPath, key)) {
                continue;
            }
            Field first = fields.byKey.get(key);
            if (first != null) {
                problems.at(keyNode, keyPath + ": duplicate key (first on line "
                        + (first.keyNode().getStartMark().getLine() + 1) + ")");
                continue;
            }
            if (!allowed.isEmpty() && !allowed.contains(key)) {
                problems.at(keyNode, keyPath + ": unknown key " + DidYouMean.hint(key, allowed));
                continue;
            }
            fields.byKey.put(key, new Field(key, keyNode, tuple.getValueNode(), keyPath));
        }
        return Optional.of(fields);
    }

    /** A required key; reported at the map's own key when absent. */
    Optional<Field> require(Fields fields, String key, String what) {
        Optional<Field> field = fields.get(key);
        if (field.isEmpty()) {
            problems.at(fields.anchor(), fields.path() + ": missing \"" + key + "\" (" + what + ")");
        }
        return field;
    }

    /** The source text of a scalar value, exactly as written (never resolved by YAML 1.1). */
    Optional<String> text(Field field) {
        Node value = field.value();
        if (!(value instanceof ScalarNode)) {
            problems.at(value, field.path() + ": expected a single value, found " + kind(value));
            return Optional.empty();
        }
        String text = ((ScalarNode) value).getValue();
        // Only nothing at all is missing: a plain "null" or "~" is kept as text like every scalar.
        if (text.isEmpty() && ((ScalarNode) value).isPlain()) {
            problems.at(value, field.path() + ": missing value");
            return Optional.empty();
        }
        if (!safeText((ScalarNode) value, field.path(), text)) {
            return Optional.empty();
        }
        if (text.isEmpty()) {
            problems.at(value, field.path() + ": empty value");
            return Optional.empty();
        }
        return Optional.of(text);
    }

    /** A scalar value that passes {@code rule}. */
    <T> Optional<T> value(Field field, Rule<T> rule) {
        return text(field).flatMap(text -> apply(field.value(), field.path(), text, rule));
    }

    <T> Optional<T> apply(Node at, String path, String text, Rule<T> rule) {
        try {
            return Optional.of(rule.apply(text));
        } catch (Invalid e) {
            problems.at(at, path + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The items of a list value; YAML null counts as an empty list. */
    Optional<List<Node>> list(Field field) {
        Node value = field.value();
        if (isNull(value)) {
            return Optional.of(List.of());
        }
        if (!(value instanceof SequenceNode)) {
            problems.at(value, field.path() + ": expected a list (\"- item\" lines), found " + kind(value));
            return Optional.empty();
        }
        return Optional.of(((SequenceNode) value).getValue());
    }

    /**
     * Refuses control characters and line breaks: these values end up in udev rules, container
     * configs and terminals, where a newline starts a new directive.
     */
    boolean safeText(ScalarNode node, String path, String text) {
        if (node.getStartMark().getLine() != node.getEndMark().getLine()) {
            problems.at(node, path + ": the value must be written on one line");
            return false;
        }
        int bad = text.codePoints().filter(Texts::isUnsafe).findFirst().orElse(-1);
        if (bad == '\n' || bad == '\r') {
            problems.at(node, path + ": contains a line break");
            return false;
        }
        if (bad >= 0) {
            problems.at(node, path + ": contains the control character " + Texts.charName(bad));
            return false;
        }
        return true;
    }

    static String kind(Node node) {
        if (node instanceof MappingNode) {
            return "a map";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return isNull(node) ? "nothing" : "a single value";
    }
}
