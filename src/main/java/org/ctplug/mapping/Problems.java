package org.ctplug.mapping;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Collects every problem of one file, so a user fixes them all in one go; up to a cap, so that a
 * huge broken file cannot fill the daemon's small heap with messages nobody reads.
 */
final class Problems {
    static final int LIMIT = 100;

    private final Path file;
    private final List<Problem> list = new ArrayList<>();
    private int dropped;

    Problems(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** SnakeYAML marks are 0-based. */
    void at(Mark mark, String message) {
        if (mark == null) {
            atStart(message);
        } else {
            add(new Problem(file, mark.getLine() + 1, mark.getColumn() + 1, message));
        }
    }

    private void add(Problem problem) {
        if (list.size() < LIMIT) {
            list.add(problem);
        } else {
            dropped++;
        }
    }

    void at(Node node, String message) {
        at(node.getStartMark(), message);
    }

    void atStart(String message) {
        add(new Problem(file, 1, 1, message));
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    void throwIfAny() throws MappingException {
        if (!list.isEmpty()) {
            List<Problem> sorted = new ArrayList<>(list);
            sorted.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
            if (dropped > 0) {
                Problem last = sorted.get(sorted.size() - 1);
                sorted.add(new Problem(file, last.line(), last.column(), dropped + " more problems not shown"));
            }
            throw new MappingException(sorted);
        }
    }
}
