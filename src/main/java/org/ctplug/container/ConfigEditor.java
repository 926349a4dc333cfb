package org.ctplug.container;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pure text edits of container configs that leave every byte ctplug does not own as it was.
 *
 * <p>Entries are found by key and value, never by position: {@code pct set} rewrites the whole
 * file (sorts keys, turns {@code =} into {@code : }, moves {@code #} lines to the top). In a
 * Proxmox config only the main section counts: everything from the first line starting with
 * {@code [} belongs to a snapshot or to {@code [pve:pending]}, and a line appended at the end
 * of the file would land there. {@code #} lines are the container description.
 */
public final class ConfigEditor {
    private ConfigEditor() {}

    /**
     * One line of text without its terminator, that terminator ("\n", or "" at the end), and the
     * entry it holds, parsed once.
     */
    private record Line(String text, String end, Optional<ConfigLine> entry) {
        Line(String text, String end) {
            this(text, end, parse(text));
        }

        Line withEnd(String newEnd) {
            return new Line(text, newEnd, entry);
        }

        boolean blank() {
            return text.isBlank();
        }
    }

    /**
     * True when the main section (Proxmox: lines before the first line starting with '[';
     * LXC: whole file) has this key and value, written with ':' or '=' and any spacing.
     */
    public static boolean contains(String content, ConfigLine line) {
        List<Line> lines = split(content);
        return containsIn(lines, sectionEnd(lines), line);
    }

    /**
     * Adds the lines not already present at the end of the main section (after its last
     * non-blank line) and removes the given lines (exact key and value, main section only);
     * every other byte stays. A line in both lists is kept. Adding then removing the same lines
     * returns the original byte for byte, a missing final newline included.
     */
    public static String edit(String content, ConfigSyntax syntax, List<ConfigLine> add, List<ConfigLine> remove) {
        List<Line> original = split(content);
        int originalEnd = mainEnd(original, syntax);
        List<ConfigLine> missing = new ArrayList<>();
        for (ConfigLine wanted : add) {
            if (!containsIn(original, originalEnd, wanted) && !anySameAs(missing, wanted)) {
                missing.add(wanted);
            }
        }
        List<Line> lines = removeLines(original, syntax, remove, add, missing);
        int end = mainEnd(lines, syntax);
        if (!missing.isEmpty()) {
            insert(lines, end, syntax, missing);
        }
        StringBuilder out = new StringBuilder(content.length() + 128);
        for (Line l : lines) {
            out.append(l.text()).append(l.end());
        }
        String result = out.toString();
        return result.equals(content) ? content : result;
    }

    /** The value of a {@code lock:} key in the Proxmox main section, if any. */
    public static Optional<String> lock(String content) {
        return values(content, "lock").stream().findFirst();
    }

    /** All values of a key in the main section, in file order, stripped. */
    public static List<String> values(String content, String key) {
        List<Line> lines = split(content);
        int end = sectionEnd(lines);
        List<String> found = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            Optional<ConfigLine> entry = lines.get(i).entry();
            if (entry.isPresent() && entry.get().key().equals(key)) {
                found.add(entry.get().value());
            }
        }
        return List.copyOf(found);
    }

    /**
     * Removes lines; a removed line whose key a missing line has takes that line in its place
     * (a grant for a new minor replaces the old one where it was) and leaves {@code missing}.
     */
    private static List<Line> removeLines(List<Line> lines, ConfigSyntax syntax, List<ConfigLine> remove,
                                          List<ConfigLine> keep, List<ConfigLine> missing) {
        int end = mainEnd(lines, syntax);
        List<Line> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            if (i < end && isRemoved(line, remove, keep)) {
                String key = line.entry().orElseThrow().key();
                ConfigLine replacement = null;
                for (ConfigLine m : missing) {
                    if (m.key().equals(key)) {
                        replacement = m;
                        break;
                    }
                }
                if (replacement != null) {
                    missing.remove(replacement);
                    out.add(new Line(syntax.format(replacement), line.end()));
                    continue;
                }
                // the last line of a file without final newline: its predecessor gives up its newline
                if (line.end().isEmpty() && !out.isEmpty()) {
                    int last = out.size() - 1;
                    out.set(last, out.get(last).withEnd(""));
                }
                continue;
            }
            out.add(line);
        }
        return out;
    }

    private static boolean isRemoved(Line line, List<ConfigLine> remove, List<ConfigLine> keep) {
        Optional<ConfigLine> parsed = line.entry();
        return parsed.isPresent() && anySameAs(remove, parsed.get()) && !anySameAs(keep, parsed.get());
    }

    // loops, not streams, on the event path: under the service's C1-only compiler each capturing
    // lambda is allocated through a method handle
    private static boolean anySameAs(List<ConfigLine> lines, ConfigLine line) {
        for (ConfigLine l : lines) {
            if (line.sameAs(l)) {
                return true;
            }
        }
        return false;
    }

    private static void insert(List<Line> lines, int end, ConfigSyntax syntax, List<ConfigLine> missing) {
        int anchor = -1;
        for (int i = 0; i < end; i++) {
            if (!lines.get(i).blank()) {
                anchor = i;
            }
        }
        // a file without final newline keeps lacking it: the new last line takes that role
        boolean lastWithoutNewline = anchor >= 0 && lines.get(anchor).end().isEmpty();
        if (lastWithoutNewline) {
            lines.set(anchor, lines.get(anchor).withEnd("\n"));
        }
        List<Line> added = new ArrayList<>();
        for (ConfigLine line : missing) {
            added.add(new Line(syntax.format(line), "\n"));
        }
        if (lastWithoutNewline) {
            added.set(added.size() - 1, added.get(added.size() - 1).withEnd(""));
        }
        lines.addAll(anchor + 1, added);
    }

    private static boolean containsIn(List<Line> lines, int end, ConfigLine wanted) {
        for (int i = 0; i < end; i++) {
            Optional<ConfigLine> parsed = lines.get(i).entry();
            if (parsed.isPresent() && parsed.get().sameAs(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static int mainEnd(List<Line> lines, ConfigSyntax syntax) {
        return syntax == ConfigSyntax.PROXMOX ? sectionEnd(lines) : lines.size();
    }

    /** Index of the first line starting with '[' (a Proxmox snapshot or pending section). */
    private static int sectionEnd(List<Line> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).text().startsWith("[")) {
                return i;
            }
        }
        return lines.size();
    }

    /** Key up to the first ':' or '=' (what both pct and liblxc accept); comments have none. */
    static Optional<ConfigLine> parse(String text) {
        String s = text.strip();
        if (s.isEmpty() || s.startsWith("#")) {
            return Optional.empty();
        }
        int colon = s.indexOf(':');
        int equals = s.indexOf('=');
        int sep = colon < 0 ? equals : equals < 0 ? colon : Math.min(colon, equals);
        if (sep <= 0) {
            return Optional.empty();
        }
        String key = s.substring(0, sep).strip();
        if (key.isEmpty()) {
            return Optional.empty();
        }
        for (int i = 0; i < key.length(); i++) {
            if (Character.isWhitespace(key.charAt(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(new ConfigLine(key, s.substring(sep + 1).strip()));
    }

    /** A text split and its lines: a plan asks several questions of one config text. */
    private record Split(String content, List<Line> lines) {
    }

    /**
     * The texts split last, newest first: a pass splits a config and its edited text, and the
     * next pass reads one of them back from the file (a plug's edit is undone by the unplug).
     */
    private static final int KEPT = 4;
    private static volatile List<Split> recent = List.of();

    private static List<Line> split(String content) {
        List<Split> kept = recent;
        for (Split s : kept) {
            if (s.content().length() == content.length() && s.content().equals(content)) {
                return s.lines();
            }
        }
        List<Line> lines = new ArrayList<>();
        int start = 0;
        while (start < content.length()) {
            int nl = content.indexOf('\n', start);
            if (nl < 0) {
                lines.add(new Line(content.substring(start), ""));
                break;
            }
            lines.add(new Line(content.substring(start, nl), "\n"));
            start = nl + 1;
        }
        List<Line> result = List.copyOf(lines);
        List<Split> next = new ArrayList<>(KEPT);
        next.add(new Split(content, result));
        for (int i = 0; i < kept.size() && next.size() < KEPT; i++) {
            next.add(kept.get(i));
        }
        recent = List.copyOf(next);
        return result;
    }
}
