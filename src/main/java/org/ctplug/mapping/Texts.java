package org.ctplug.mapping;

/** Shows untrusted text in messages without letting it control the terminal. */
final class Texts {
    private static final int SHOWN = 60;

    private Texts() {
    }

    /** The text with every control, format and line-separator character written as \\uXXXX. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (isUnsafe(c)) {
                b.append(c > 0xffff ? String.format("\\U%08X", c) : String.format("\\u%04X", c));
            } else {
                b.append(Character.toChars(c));
            }
        });
        return b.toString();
    }

    /** The value in double quotes, escaped, shortened when long. */
    static String show(String s) {
        String shown = s.length() > SHOWN ? s.substring(0, SHOWN) + "..." : s;
        return "\"" + escape(shown) + "\"";
    }

    /** Control (Cc), format (Cf: bidi overrides, zero-width), line and paragraph separators. */
    static boolean isUnsafe(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
    }

    /** Name of a character for a message: 'x' when printable ASCII, U+XXXX otherwise. */
    static String charName(int c) {
        return c > 0x20 && c < 0x7f ? "'" + (char) c + "'" : c == ' ' ? "a space" : String.format("U+%04X", c);
    }
}
