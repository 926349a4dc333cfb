package org.ctplug.bench;

import java.util.ArrayList;
import java.util.List;

/** The figures of one run, printed as one table at the end. */
final class Report {
    private record Row(String what, String figure, String target) {}

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    synchronized void row(String what, String figure, String target) {
        rows.add(new Row(what, figure, target));
        System.out.printf("   %s: %s%n", what, figure);
    }

    synchronized void note(String note) {
        notes.add(note);
    }

    synchronized String table() {
        int w1 = "measure".length();
        int w2 = "result".length();
        for (Row r : rows) {
            w1 = Math.max(w1, r.what().length());
            w2 = Math.max(w2, r.figure().length());
        }
        String fmt = "| %-" + w1 + "s | %-" + w2 + "s | %s%n";
        StringBuilder out = new StringBuilder();
        out.append(String.format(fmt, "measure", "result", "target"));
        out.append(String.format(fmt, "-".repeat(w1), "-".repeat(w2), "------"));
        rows.forEach(r -> out.append(String.format(fmt, r.what(), r.figure(), r.target())));
        notes.forEach(n -> out.append("  * ").append(n).append('\n'));
        return out.toString();
    }
}
