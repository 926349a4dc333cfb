package org.ctplug.text;

/**
 * Makes untrusted text (USB descriptor strings, udev links, kernel names) safe to print on a
 * terminal or in a log line: whoever built a USB device chose its serial and product strings,
 * and a newline or an escape sequence there must not forge an output line or move the cursor.
 */
public final class Text {
    private Text() {}

    /** A mode as four octal digits, as {@code %04o} gives it, without a formatter on the event path. */
    public static String octal(int mode) {
        return pad(Integer.toOctalString(mode), 4);
    }

    /** A number as two lower-case hex digits at least, as {@code %02x} gives it. */
    public static String hex2(int value) {
        return pad(Integer.toHexString(value), 2);
    }

    private static String pad(String digits, int width) {
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    /**
     * How a host file read one byte per char (as ctplug reads them, to write back every byte it
     * did not change) reads as text: as UTF-8, with a byte that is not UTF-8 shown as U+FFFD.
     */
    public static String asUtf8(String bytePerChar) {
        return new String(bytePerChar.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * C-like escapes: {@code \n \r \t \\ \"}, {@code \xNN} for the other C0 and C1 controls and
     * DEL, backslash-u NNNN or backslash-U NNNNNNNN for other code points that do not print (format
     * characters such as bidi overrides, line and paragraph separators, unassigned, lone
     * surrogates). Printable Unicode is kept.
     */
    public static String escape(String untrusted) {
        StringBuilder out = new StringBuilder(untrusted.length());
        untrusted.codePoints().forEach(cp -> appendEscaped(out, cp));
        return out.toString();
    }

    /**
     * A line of a file as the file holds it, escaping only what a terminal would act on instead
     * of showing: controls other than tab (an ESC sequence recolours or moves the cursor, a CR
     * overwrites the line), DEL, C1, and the code points {@link #escape} also escapes (bidi
     * overrides reorder what is shown). Quotes and backslashes stay as they are: the dry-run diff
     * shows {@code ACTION=="remove"}, which is what the rules file will hold.
     */
    public static String escapeUnprintable(String line) {
        StringBuilder out = new StringBuilder(line.length());
        line.codePoints().forEach(cp -> {
            if (cp == '\t' || printable(cp)) {
                out.appendCodePoint(cp);
            } else {
                appendEscaped(out, cp);
            }
        });
        return out.toString();
    }

    private static void appendEscaped(StringBuilder out, int cp) {
        switch (cp) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case '\\' -> out.append("\\\\");
            case '"' -> out.append("\\\"");
            default -> {
                if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
                    out.append(String.format("\\x%02x", cp));
                } else if (!printable(cp)) {
                    out.append(cp <= 0xffff ? String.format("\\u%04x", cp) : String.format("\\U%08x", cp));
                } else {
                    out.appendCodePoint(cp);
                }
            }
        }
    }

    private static boolean printable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR,
                 Character.PARAGRAPH_SEPARATOR, Character.UNASSIGNED, Character.SURROGATE,
                 Character.PRIVATE_USE -> false;
            default -> true;
        };
    }

    /** Cuts {@code s} to at most {@code max} code points, the last one "…" when it was cut. */
    public static String truncate(String s, int max) {
        if (s.codePointCount(0, s.length()) <= max) {
            return s;
        }
        int end = s.offsetByCodePoints(0, Math.max(0, max - 1));
        return s.substring(0, end) + "…";
    }
}
