package org.ctplug.plan;

/** Shell-style globs as udev's KERNEL== uses them (fnmatch without flags): *, ? and [...] classes. */
final class Glob {
    private Glob() {}

    static boolean matches(String glob, String name) {
        return match(glob, 0, name, 0);
    }

    private static boolean match(String g, int gi, String s, int si) {
        while (gi < g.length()) {
            char c = g.charAt(gi);
            if (c == '*') {
                for (int k = si; k <= s.length(); k++) {
                    if (match(g, gi + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length()) {
                return false;
            }
            if (c == '?') {
                gi++;
                si++;
            } else if (c == '[') {
                int end = g.indexOf(']', gi + 2);
                if (end < 0) {
                    if (s.charAt(si) != '[') {
                        return false;
                    }
                    gi++;
                    si++;
                    continue;
                }
                if (!inClass(g.substring(gi + 1, end), s.charAt(si))) {
                    return false;
                }
                gi = end + 1;
                si++;
            } else {
                if (c != s.charAt(si)) {
                    return false;
                }
                gi++;
                si++;
            }
        }
        return si == s.length();
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
