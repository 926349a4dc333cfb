package org.ctplug.container;

import java.util.Optional;

/**
 * One device cgroup rule as {@code devices.allow}/{@code devices.deny} and LXC's
 * {@code lxc.cgroup*.devices.*} keys spell it: {@code TYPE MAJOR:MINOR ACCESS}, where a number may
 * be {@code *} (kernel Documentation/admin-guide/cgroup-v1/devices.rst). {@code ANY} stands for
 * {@code *}. ctplug only ever writes exact rules; wildcards are read, from users' own lines and
 * from state files of releases that granted a whole major.
 */
public record CgroupRule(char type, int major, int minor, String access) {
    public static final int ANY = -1;

    public CgroupRule {
        if (type != 'c' && type != 'b' && type != 'a') {
            throw new IllegalArgumentException("not a device type: " + type);
        }
        if (major < ANY || minor < ANY) {
            throw new IllegalArgumentException("bad device number " + major + ":" + minor);
        }
        if (access.isEmpty() || !only(access, "rwm")) {
            throw new IllegalArgumentException("bad access: " + access);
        }
    }

    /** Read, write and mknod of exactly this device: what a mapped container needs, no more. */
    public static CgroupRule exact(char type, int major, int minor) {
        if (major == ANY || minor == ANY) {
            throw new IllegalArgumentException("an exact rule names one device");
        }
        return new CgroupRule(type, major, minor, "rwm");
    }

    /**
     * {@code c 4:64 rwm}, {@code c 188:* rwm}, {@code a}; anything else is empty. ctplug grants
     * only {@link #exact} rules; the wider forms are read from what a config already holds (the
     * user's own lines, an older release's recorded ones), to know what they still cover. Every
     * pass reads a container's rules: no regular expression is compiled for them.
     */
    public static Optional<CgroupRule> parse(String text) {
        String[] parts = words(text);
        if (parts.length == 1 && parts[0].equals("a")) {
            return Optional.of(new CgroupRule('a', ANY, ANY, "rwm"));
        }
        if (parts.length < 2 || parts.length > 3 || parts[0].length() != 1 || "cba".indexOf(parts[0].charAt(0)) < 0) {
            return Optional.empty();
        }
        String[] numbers = parts[1].split(":", -1);
        if (numbers.length != 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CgroupRule(parts[0].charAt(0), number(numbers[0]), number(numbers[1]),
                    parts.length == 3 ? parts[2] : "rwm"));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The words of {@code text} between runs of whitespace, as splitting on {@code \s+} gives them. */
    private static String[] words(String text) {
        java.util.List<String> words = new java.util.ArrayList<>(3);
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && space(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !space(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                words.add(text.substring(start, i));
            }
        }
        return words.isEmpty() ? new String[] {""} : words.toArray(new String[0]);
    }

    /** The whitespace of {@code \s}, and of LXC's own reading of a rule (isspace in the C locale). */
    private static boolean space(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /** Every character of {@code s} is one of {@code allowed}. */
    private static boolean only(String s, String allowed) {
        for (int i = 0; i < s.length(); i++) {
            if (allowed.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static String number(int n) {
        return n == ANY ? "*" : String.valueOf(n);
    }

    private static int number(String s) {
        if (s.equals("*")) {
            return ANY;
        }
        if (s.isEmpty() || !only(s, "0123456789") || s.length() > 9) {
            throw new IllegalArgumentException("not a device number: " + s);
        }
        return Integer.parseInt(s);
    }

    /** True when every access this rule names is granted by {@code wider} as well. */
    public boolean coveredBy(CgroupRule wider) {
        return (wider.type == 'a' || wider.type == type)
                && (wider.major == ANY || wider.major == major)
                && (wider.minor == ANY || wider.minor == minor)
                && only(access, wider.access);
    }

    public boolean isExact() {
        return type != 'a' && major != ANY && minor != ANY;
    }

    @Override
    public String toString() {
        if (type == 'a') {
            return "a";
        }
        return type + " " + number(major) + ":" + number(minor) + " " + access;
    }
}
