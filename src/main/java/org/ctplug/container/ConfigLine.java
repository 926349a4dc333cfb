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

    /** The same entry regardless of spacing: LXC splits values on whitespace runs. */
    boolean sameAs(ConfigLine other) {
        return key.equals(other.key) && normalize(value).equals(normalize(other.value));
    }

    static String normalize(String value) {
        return value.strip().replaceAll("\\s+", " ");
    }
}
