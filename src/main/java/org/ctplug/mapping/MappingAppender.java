package org.ctplug.mapping;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Adds one entry under {@code devices:} as text, for {@code ctplug learn}: every other byte of the
 * file (comments, order, quoting, line ends) stays as the admin wrote it. Dumping a node tree
 * again would lose all comments.
 */
public final class MappingAppender {
    private static final int STEP = 2;

    private MappingAppender() {
    }

    /**
     * The file's text with {@code entry} added as the last entry of {@code devices:}.
     *
     * @param file only named in messages
     * @throws IllegalArgumentException the name is taken or invalid, or the file's structure cannot
     *         take an entry without rewriting it (not YAML, {@code devices:} not a block map...)
     */
    public static String append(String original, Path file, NewEntry entry) {
        try {
            Rules.entryName(entry.name());
        } catch (NodeReader.Invalid e) {
            throw new IllegalArgumentException("entry name " + Texts.show(entry.name()) + ": " + e.getMessage());
        }
        Text text = new Text(original);
        Problems problems = new Problems(file);
        Optional<Node> root = YamlDocument.compose(original, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(file + " is not readable YAML; fix it first (ctplug check)");
        }
        List<String> before = entryNames(root, file);
        if (before.contains(entry.name())) {
            throw new IllegalArgumentException(file + " already has an entry \"" + entry.name() + "\"");
        }
        String result = insert(text, root, entry, file);
        List<String> expected = new ArrayList<>(before);
        expected.add(entry.name());
        Problems again = new Problems(file);
        Optional<Node> newRoot = YamlDocument.compose(result, again);
        if (!again.isEmpty() || !entryNames(newRoot, file).equals(expected)) {
            throw new IllegalArgumentException("cannot add an entry to " + file + " without rewriting it;"
                    + " add it by hand under devices:");
        }
        return result;
    }

    private static String insert(Text text, Optional<Node> root, NewEntry entry, Path file) {
        if (root.isEmpty()) {
            return text.appendAtEnd("version: 1" + text.nl + "devices:" + text.nl + entryText(entry, STEP, text.nl));
        }
        MappingNode top = blockMap(root.get(), file, "the file");
        int rootColumn = top.getStartMark().getColumn();
        Optional<NodeTuple> devices = tuple(top, "devices");
        if (devices.isEmpty()) {
            return text.appendAtEnd(" ".repeat(rootColumn) + "devices:" + text.nl
                    + entryText(entry, rootColumn + STEP, text.nl));
        }
        Node key = devices.get().getKeyNode();
        Node value = devices.get().getValueNode();
        int keyColumn = key.getStartMark().getColumn();
        if (value instanceof MappingNode && !((MappingNode) value).getValue().isEmpty()) {
            MappingNode map = blockMap(value, file, "devices:");
            int at = text.skipIndentedComments(text.lineAfter(lastNode(map)), keyColumn);
            return text.insert(at, entryText(entry, map.getStartMark().getColumn(), text.nl));
        }
        if (!(value instanceof MappingNode) && !NodeReader.isNull(value)) {
            throw new IllegalArgumentException("devices: in " + file + " is not a map");
        }
        // "devices: {}", "devices: ~" or a bare "devices:": drop the value, the entries follow the line
        int to = text.offset(value.getEndMark().getIndex());
        int from = text.startOfTrailingValue(text.offset(value.getStartMark().getIndex()), to);
        int at = text.skipIndentedComments(text.lineAfter(value), keyColumn);
        return text.replaceAndInsert(from, to, at, entryText(entry, keyColumn + STEP, text.nl));
    }

    private static MappingNode blockMap(Node node, Path file, String what) {
        if (!(node instanceof MappingNode) || ((MappingNode) node).getFlowStyle() != DumperOptions.FlowStyle.BLOCK) {
            throw new IllegalArgumentException(what + " in " + file + " is not a block map (key: value lines);"
                    + " add the entry by hand");
        }
        return (MappingNode) node;
    }

    private static Optional<NodeTuple> tuple(MappingNode map, String key) {
        return map.getValue().stream()
                .filter(t -> t.getKeyNode() instanceof ScalarNode && key.equals(((ScalarNode) t.getKeyNode()).getValue()))
                .findFirst();
    }

    private static List<String> entryNames(Optional<Node> root, Path file) {
        List<String> names = new ArrayList<>();
        if (root.isPresent() && root.get() instanceof MappingNode) {
            tuple((MappingNode) root.get(), "devices")
                    .filter(t -> t.getValueNode() instanceof MappingNode)
                    .ifPresent(t -> ((MappingNode) t.getValueNode()).getValue().stream()
                            .filter(e -> e.getKeyNode() instanceof ScalarNode)
                            .forEach(e -> names.add(((ScalarNode) e.getKeyNode()).getValue())));
        }
        return names;
    }

    /** The node that ends last in a block collection: its end mark is where the text really ends. */
    private static Node lastNode(Node node) {
        Node n = node;
        while (true) {
            if (n instanceof MappingNode && ((MappingNode) n).getFlowStyle() == DumperOptions.FlowStyle.BLOCK
                    && !((MappingNode) n).getValue().isEmpty()) {
                List<NodeTuple> tuples = ((MappingNode) n).getValue();
                n = tuples.get(tuples.size() - 1).getValueNode();
            } else if (n instanceof SequenceNode && ((SequenceNode) n).getFlowStyle() == DumperOptions.FlowStyle.BLOCK
                    && !((SequenceNode) n).getValue().isEmpty()) {
                List<Node> items = ((SequenceNode) n).getValue();
                n = items.get(items.size() - 1);
            } else {
                return n;
            }
        }
    }

    static String entryText(NewEntry e, int indent, String nl) {
        String i0 = " ".repeat(indent);
        String i1 = " ".repeat(indent + STEP);
        String i2 = " ".repeat(indent + 2 * STEP);
        StringBuilder b = new StringBuilder();
        b.append(i0).append(e.name()).append(':').append(nl);
        b.append(i1).append("match:").append(nl);
        if (!(e.kind() instanceof org.ctplug.kind.TtyKind)) {
            b.append(i2).append("subsystem: ").append(e.kind().subsystem()).append(nl);
        }
        if (!e.ids().isEmpty()) {
            b.append(i2).append("ids: [").append(String.join(", ", e.ids().stream().map(MappingAppender::quote)
                    .toList())).append(']').append(nl);
        }
        e.vendor().ifPresent(v -> b.append(i2).append("vendor: ").append(quote(v)).append(nl));
        e.product().ifPresent(v -> b.append(i2).append("product: ").append(quote(v)).append(nl));
        e.serial().ifPresent(v -> b.append(i2).append("serial: ").append(quote(v)).append(nl));
        e.interfaceNumber().ifPresent(v -> b.append(i2).append("interface: ").append(v.intValue()).append(nl));
        e.port().ifPresent(v -> b.append(i2).append("port: ").append(quote(v)).append(nl));
        e.slot().ifPresent(v -> b.append(i2).append("slot: ").append(quote(v)).append(nl));
        e.kernel().ifPresent(v -> b.append(i2).append("kernel: ").append(quote(v)).append(nl));
        e.link().ifPresent(l -> b.append(i1).append("link: ").append(quote(l)).append(nl));
        b.append(i1).append("containers:").append(nl);
        b.append(i2).append("- ").append(quote(e.container())).append(nl);
        return b.toString();
    }

    /** A YAML double-quoted scalar: backslash, quote and every unsafe character escaped. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                b.append('\\').appendCodePoint(c);
            } else if (Texts.isUnsafe(c) || c == 0xfffe || c == 0xffff) {
                b.append(c > 0xffff ? String.format("\\U%08x", c) : String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.append('"').toString();
    }

    /** The original text, with SnakeYAML's code-point marks turned into char offsets. */
    private static final class Text {
        final String s;
        final String nl;

        Text(String s) {
            this.s = s;
            this.nl = s.contains("\r\n") ? "\r\n" : "\n";
        }

        int offset(int codePointIndex) {
            return s.offsetByCodePoints(0, codePointIndex);
        }

        /** Start of the line after the one where {@code node} ends. */
        int lineAfter(Node node) {
            int end = offset(node.getEndMark().getIndex());
            if (end > 0 && s.charAt(end - 1) == '\n') {
                return end;
            }
            int eol = s.indexOf('\n', end);
            return eol < 0 ? s.length() : eol + 1;
        }

        /**
         * Past blank lines and comments indented deeper than {@code column}: they belong to the
         * block above (a commented-out key of the last entry), so the new entry goes after them.
         */
        int skipIndentedComments(int from, int column) {
            int at = from;
            int p = from;
            while (p < s.length()) {
                int eol = s.indexOf('\n', p);
                int next = eol < 0 ? s.length() : eol + 1;
                String line = s.substring(p, eol < 0 ? s.length() : eol);
                String content = line.stripLeading();
                if (!content.isBlank()) {
                    if (!content.startsWith("#") || line.length() - content.length() <= column) {
                        break;
                    }
                    at = next;
                }
                p = next;
            }
            return at;
        }

        /** {@code from}, or before the blanks that precede it when nothing but blanks follows {@code to}. */
        int startOfTrailingValue(int from, int to) {
            int eol = s.indexOf('\n', to);
            if (!s.substring(to, eol < 0 ? s.length() : eol).isBlank()) {
                return from;
            }
            int start = from;
            while (start > 0 && s.charAt(start - 1) == ' ') {
                start--;
            }
            return start;
        }

        String appendAtEnd(String added) {
            return insert(s.length(), added);
        }

        String insert(int at, String added) {
            return replaceAndInsert(at, at, at, added);
        }

        /** Removes [from, to) and inserts {@code added} at {@code at} (at >= to). */
        String replaceAndInsert(int from, int to, int at, String added) {
            String head = s.substring(0, from) + s.substring(to, at);
            String sep = head.isEmpty() || head.endsWith("\n") ? "" : nl;
            return head + sep + added + s.substring(at);
        }
    }
}
