package org.ctplug.plan;

/**
 * Shell-style globs as udev's KERNEL== uses them (fnmatch without flags): *, ? and [...] classes.
 * Matched without recursion: on a mismatch only the last {@code *} takes one more character, so a
 * glob and a name cost at most their lengths multiplied (a {@code t*t*t*...} glob would otherwise
 * try every split of the name, seconds for a few dozen characters).
 */
public final class Glob {
    private Glob() {}

    public static boolean matches(String glob, String name) {
        int gi = 0;
        int si = 0;
        // the position after the last '*' seen, and the name position that star has swallowed up to
        int starGi = -1;
        int starSi = 0;
        while (si < name.length()) {
            int next = gi < glob.length() ? step(glob, gi, name.charAt(si)) : MISMATCH;
            if (next == STAR) {
                starGi = gi + 1;
                starSi = si;
                gi = starGi;
            } else if (next != MISMATCH) {
                gi = next;
                si++;
            } else if (starGi >= 0) {
                // any earlier star could only do what the last one does: the part between them is fixed
                gi = starGi;
                si = ++starSi;
            } else {
                return false;
            }
        }
        while (gi < glob.length() && glob.charAt(gi) == '*') {
            gi++;
        }
        return gi == glob.length();
    }

    private static final int STAR = -1;
    private static final int MISMATCH = -2;

    /** Where the glob goes on after matching ch at gi: STAR for a '*', MISMATCH when ch does not fit. */
    private static int step(String g, int gi, char ch) {
        char c = g.charAt(gi);
        if (c == '*') {
            return STAR;
        }
        if (c == '?') {
            return gi + 1;
        }
        if (c == '[') {
            // as fnmatch: a ']' right after '[' (or "[!") is a member, and a '[' without ']' is literal
            int end = g.indexOf(']', gi + 2);
            if (end < 0) {
                return ch == '[' ? gi + 1 : MISMATCH;
            }
            return inClass(g.substring(gi + 1, end), ch) ? end + 1 : MISMATCH;
        }
        return c == ch ? gi + 1 : MISMATCH;
    }

    private static boolean inClass(String cls, char ch) {
        boolean negate = cls.startsWith("!") || cls.startsWith("^");
        String body = negate ? cls.substring(1) : cls;
        boolean found = false;
        for (int i = 0; i < body.length(); i++) {
            char lo = body.charAt(i);
            if (i + 2 < body.length() && body.charAt(i + 1) == '-') {
                char hi = body.charAt(i + 2);
                found |= ch >= lo && ch <= hi;
                i += 2;
            } else {
                found |= ch == lo;
            }
        }
        return found != negate;
    }
}
