package org.ctplug.mapping;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Collects every problem of one file, so a user fixes them all in one go. */
final class Problems {
    private final Path file;
    private final List<Problem> list = new ArrayList<>();

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
            list.add(new Problem(file, mark.getLine() + 1, mark.getColumn() + 1, message));
        }
    }

    void at(Node node, String message) {
        at(node.getStartMark(), message);
    }

    void atStart(String message) {
        list.add(new Problem(file, 1, 1, message));
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    void throwIfAny() throws MappingException {
        if (!list.isEmpty()) {
            List<Problem> sorted = new ArrayList<>(list);
            sorted.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
            throw new MappingException(sorted);
        }
    }
}
