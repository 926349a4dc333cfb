package org.ctplug.mapping;

import java.io.StringReader;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Turns mapping text into one SnakeYAML node tree, never into Java objects: the node API keeps
 * every scalar's source text (plain YAML 1.1 would read {@code vendor: 0200} as 128) and the
 * position of every node.
 */
final class YamlDocument {
    /** A devices.yaml is a few kilobytes; this bounds what the daemon's small heap must hold. */
    static final int CODE_POINT_LIMIT = 256 * 1024;
    /** The schema is five levels deep; anything deeper is wrong anyway. */
    private static final int NESTING_LIMIT = 20;
    /** The parser hands {@code !!int} over expanded. */
    private static final String STANDARD_TAGS = "tag:yaml.org,2002:";

    private YamlDocument() {
    }

    static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(CODE_POINT_LIMIT);
        options.setNestingDepthLimit(NESTING_LIMIT);
        // Duplicates are reported by MappingReader with the line of the first one.
        options.setAllowDuplicateKeys(true);
        options.setMergeOnCompose(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(0);
        return new Yaml(new SafeConstructor(options));
    }

    /**
     * The document's root node; empty for a file with no content (only comments, or nothing).
     * Syntax errors, anchors, aliases, tags and extra documents are reported, and give no tree.
     */
    static Optional<Node> compose(String text, Problems problems) {
        if (text.length() > CODE_POINT_LIMIT && text.codePointCount(0, text.length()) > CODE_POINT_LIMIT) {
            problems.atStart("file is larger than " + CODE_POINT_LIMIT + " characters");
            return Optional.empty();
        }
        Yaml yaml = yaml();
        if (!screenEvents(yaml, text, problems)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(yaml.compose(new StringReader(text)));
        } catch (RuntimeException e) {
            reportYamlFailure(e, problems);
            return Optional.empty();
        }
    }

    /**
     * Refuses what the node tree would hide: an alias shares the anchored node (so merge keys and
     * billion-laughs expansion never get that far), an explicit tag would be ignored silently.
     */
    private static boolean screenEvents(Yaml yaml, String text, Problems problems) {
        boolean clean = true;
        int documents = 0;
        int depth = 0;
        try {
            for (Event event : yaml.parse(new StringReader(text))) {
                if (event instanceof CollectionStartEvent && ++depth > NESTING_LIMIT) {
                    // stop reading here: the parser would otherwise walk all of a "[[[[..." bomb
                    problems.at(event.getStartMark(), "nested deeper than " + NESTING_LIMIT + " levels");
                    return false;
                }
                if (event instanceof CollectionEndEvent) {
                    depth--;
                }
                if (event instanceof DocumentStartEvent) {
                    documents++;
                    if (documents == 2) {
                        problems.at(event.getStartMark(), "only one YAML document is allowed in the mapping");
                        clean = false;
                    }
                }
                if (event instanceof AliasEvent) {
                    problems.at(event.getStartMark(),
                            "YAML aliases (*name) are not supported: write the value out in full");
                    clean = false;
                } else if (event instanceof NodeEvent && ((NodeEvent) event).getAnchor() != null) {
                    problems.at(event.getStartMark(),
                            "YAML anchors (&name) are not supported: write the value out in full");
                    clean = false;
                }
                String tag = event instanceof ScalarEvent ? ((ScalarEvent) event).getTag()
                        : event instanceof CollectionStartEvent ? ((CollectionStartEvent) event).getTag() : null;
                if (tag != null) {
                    String shown = tag.startsWith(STANDARD_TAGS) ? "!!" + tag.substring(STANDARD_TAGS.length()) : tag;
                    problems.at(event.getStartMark(),
                            "YAML tags (" + Texts.escape(shown) + ") are not supported: quote the value instead");
                    clean = false;
                }
            }
        } catch (RuntimeException e) {
            reportYamlFailure(e, problems);
            return false;
        }
        return clean;
    }

    private static void reportYamlFailure(RuntimeException e, Problems problems) {
        if (e instanceof MarkedYAMLException) {
            MarkedYAMLException marked = (MarkedYAMLException) e;
            String what = marked.getProblem() != null ? marked.getProblem() : marked.getContext();
            problems.at(marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark(),
                    "YAML syntax: " + Texts.escape(what == null ? "unreadable" : what));
        } else {
            // SnakeYAML's own limits (code points, nesting) and any parser defect end up here:
            // the caller promises MappingException for every bad input.
            problems.atStart("YAML: " + Texts.escape(String.valueOf(e.getMessage())));
        }
    }
}
