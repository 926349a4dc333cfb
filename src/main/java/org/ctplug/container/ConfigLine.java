package org.ctplug.container;

import java.util.Objects;

/** One raw {@code key: value} / {@code key = value} entry of a container config. */
public record ConfigLine(String key, String value) {
    public ConfigLine {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (key.isBlank() || !key.equals(key.strip()) || key.contains(":") || key.contains("=")) {
            throw new IllegalArgumentException("not a config key: '" + key + "'");
        }
        if (value.contains("\n") || value.contains("\r")) {
            throw new IllegalArgumentException("config value spans lines: " + key);
        }
    }

    // written out: a record's own equals and hashCode are bound through invokedynamic at their
    // first call, which spins method-handle classes on the first plug's path (about 20 ms of it
    // for this record's two), and keep calling through method handles after it
    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigLine l && key.equals(l.key) && value.equals(l.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + value.hashCode();
    }

    /** The same entry regardless of spacing: LXC splits values on whitespace runs. */
    boolean sameAs(ConfigLine other) {
        if (!key.equals(other.key)) {
            return false;
        }
        if (value.equals(other.value)) {
            return true;
        }
        return !(normal(value) && normal(other.value)) && normalize(value).equals(normalize(other.value));
    }

    /** Already as {@link #normalize} makes it: no whitespace but single spaces between words. */
    private static boolean normal(String value) {
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c == ' ') {
                if (i == 0 || i == n - 1 || value.charAt(i - 1) == ' ') {
                    return false;
                }
            } else if (Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    /** Stripped, each run of whitespace ({@code \\s}: space, tab, newline, VT, FF, CR) one space; no regex. */
    static String normalize(String value) {
        String s = value.strip();
        StringBuilder out = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r') {
                if (!space) {
                    out.append(' ');
                }
                space = true;
            } else {
                out.append(c);
                space = false;
            }
        }
        return out.toString();
    }
}
