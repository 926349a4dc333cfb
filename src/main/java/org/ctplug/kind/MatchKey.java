package org.ctplug.kind;

import java.util.Optional;

/** A key under an entry's {@code match:}, by its name in the mapping. */
public enum MatchKey {
    VENDOR("vendor"),
    PRODUCT("product"),
    IDS("ids"),
    SERIAL("serial"),
    INTERFACE("interface"),
    PORT("port"),
    SLOT("slot"),
    KERNEL("kernel");

    private final String key;

    MatchKey(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Optional<MatchKey> named(String key) {
        for (MatchKey k : values()) {
            if (k.key.equals(key)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
