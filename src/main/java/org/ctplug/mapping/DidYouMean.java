package org.ctplug.mapping;

import java.util.List;
import java.util.Locale;

/** Suggests the known key an unknown one was probably meant to be. */
final class DidYouMean {
    private static final int MAX_DISTANCE = 2;
    /** No key of the schema is this long; longer input gets no suggestion (and no big table). */
    private static final int LONGEST = 40;

    private DidYouMean() {
    }

    /** {@code (did you mean "vendor"?)} or {@code (expected one of: a, b)}. */
    static String hint(String key, List<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String lower = key.toLowerCase(Locale.ROOT);
        for (String candidate : known) {
            if (lower.length() > LONGEST) {
                break;
            }
            int d = distance(lower, candidate);
            boolean prefix = lower.length() >= 2 && (candidate.startsWith(lower) || lower.startsWith(candidate));
            if ((d <= MAX_DISTANCE || prefix) && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best != null ? "(did you mean \"" + best + "\"?)" : "(expected one of: " + String.join(", ", known) + ")";
    }

    /** Optimal string alignment distance: Levenshtein plus swaps of neighbours ("vnedor"). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
