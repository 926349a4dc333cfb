package org.ctplug.mapping;

import java.util.List;
import java.util.stream.Collectors;

/** A mapping file that is not valid; carries every problem found, sorted by position. */
public final class MappingException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public MappingException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a MappingException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
