package org.ctplug.text;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small JSON writer for the few documents ctplug emits ({@code list --json}, the state file).
 * Reading goes through SnakeYAML, since JSON is YAML: one parser is enough.
 * Values: {@link Map} (keys in iteration order), {@link List}, {@link String}, {@link Number},
 * {@link Boolean}, {@link Optional} and null.
 */
public final class Json {
    private Json() {}

    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value, "", true);
        return out.toString();
    }

    /** One line, no indentation. */
    public static String writeCompact(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value, "", false);
        return out.toString();
    }

    private static void append(StringBuilder out, Object value, String indent, boolean pretty) {
        if (value instanceof Optional<?> optional) {
            append(out, optional.orElse(null), indent, pretty);
        } else if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            quote(out, s);
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            appendAll(out, map.entrySet().iterator(), '{', '}', indent, pretty, (e, inner) -> {
                quote(out, String.valueOf(e.getKey()));
                out.append(pretty ? ": " : ":");
                append(out, e.getValue(), inner, pretty);
            });
        } else if (value instanceof Iterable<?> list) {
            appendAll(out, list.iterator(), '[', ']', indent, pretty, (v, inner) -> append(out, v, inner, pretty));
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private interface ItemWriter<T> {
        void write(T item, String indent);
    }

    private static <T> void appendAll(StringBuilder out, Iterator<T> items, char open, char close,
                                      String indent, boolean pretty, ItemWriter<T> writer) {
        out.append(open);
        if (!items.hasNext()) {
            out.append(close);
            return;
        }
        String inner = indent + "  ";
        while (items.hasNext()) {
            if (pretty) {
                out.append('\n').append(inner);
            }
            writer.write(items.next(), inner);
            if (items.hasNext()) {
                out.append(',');
            }
        }
        if (pretty) {
            out.append('\n').append(indent);
        }
        out.append(close);
    }

    /** Control characters, quotes, backslashes and the JavaScript line separators are escaped. */
    public static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /*
     * Typed reads of a parsed document (SnakeYAML reads JSON as YAML 1.1 flow): each names the
     * field that has the wrong shape, so a damaged state or status file says where.
     */

    public static Map<?, ?> object(Object o, String what) {
        if (o instanceof Map<?, ?> m) {
            return m;
        }
        throw new IllegalArgumentException(what + " is not an object");
    }

    public static List<?> array(Object o, String what) {
        if (o instanceof List<?> l) {
            return l;
        }
        throw new IllegalArgumentException(what + " is not an array");
    }

    public static String string(Object o, String what) {
        if (o instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(what + " is not a string");
    }

    public static int smallInteger(Object o, String what) {
        if (o instanceof Integer i) {
            return i;
        }
        throw new IllegalArgumentException(what + " is not a small integer");
    }

    public static long number(Object o, String what) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException(what + " is not a number");
    }
}
