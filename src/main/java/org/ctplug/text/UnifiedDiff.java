package org.ctplug.text;

import java.util.ArrayList;
import java.util.List;

/** Unified diffs (3 lines of context) for {@code apply --dry-run}: what each write would change. */
public final class UnifiedDiff {
    private static final int CONTEXT = 3;

    private UnifiedDiff() {}

    public static String diff(String label, String before, String after) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        // longest common subsequence table; config files are small
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String[]> ops = new ArrayList<>(); // {op, text, aLine, bLine}
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                ops.add(new String[] {" ", a.get(i), String.valueOf(i), String.valueOf(j)});
                i++;
                j++;
            } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
                ops.add(new String[] {"+", b.get(j), String.valueOf(i), String.valueOf(j)});
                j++;
            } else {
                ops.add(new String[] {"-", a.get(i), String.valueOf(i), String.valueOf(j)});
                i++;
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(label).append('\n').append("+++ ").append(label).append('\n');
        int k = 0;
        while (k < ops.size()) {
            if (ops.get(k)[0].equals(" ")) {
                k++;
                continue;
            }
            int start = Math.max(0, k - CONTEXT);
            int end = k;
            int lastChange = k;
            while (end < ops.size() && (end - lastChange) <= 2 * CONTEXT) {
                if (!ops.get(end)[0].equals(" ")) {
                    lastChange = end;
                }
                end++;
            }
            end = Math.min(ops.size(), lastChange + CONTEXT + 1);
            int aStart = Integer.parseInt(ops.get(start)[2]);
            int bStart = Integer.parseInt(ops.get(start)[3]);
            int aCount = 0;
            int bCount = 0;
            StringBuilder hunk = new StringBuilder();
            for (int h = start; h < end; h++) {
                String op = ops.get(h)[0];
                aCount += op.equals("+") ? 0 : 1;
                bCount += op.equals("-") ? 0 : 1;
                // each line as the file holds it: only what a terminal would act on is escaped
                hunk.append(op).append(Text.escapeUnprintable(ops.get(h)[1])).append('\n');
            }
            out.append("@@ -").append(aCount == 0 ? aStart : aStart + 1).append(',').append(aCount)
                    .append(" +").append(bCount == 0 ? bStart : bStart + 1).append(',').append(bCount).append(" @@\n")
                    .append(hunk);
            k = end;
        }
        return out.toString();
    }

    private static List<String> lines(String s) {
        if (s.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(List.of(s.split("\n", -1)));
        if (s.endsWith("\n")) {
            out.remove(out.size() - 1);
        }
        return out;
    }
}
