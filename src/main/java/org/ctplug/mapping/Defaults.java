package org.ctplug.mapping;

import java.util.Objects;

/**
 * The {@code defaults:} section.
 *
 * @param mode permission bits of the node, e.g. {@code 0660} (432)
 * @param group a group name or a decimal gid, as written
 */
public record Defaults(int mode, String group, OnPlug onPlug) {
    public static final Defaults DEFAULT = new Defaults(0660, "dialout", OnPlug.HOTPLUG);

    public Defaults {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(onPlug, "onPlug");
    }
}
