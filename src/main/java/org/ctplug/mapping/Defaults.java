package org.ctplug.mapping;

import java.util.Objects;
import java.util.Optional;

/**
 * The {@code defaults:} section.
 *
 * @param mode permission bits of the node, e.g. {@code 0660} (432)
 * @param group a group name or a decimal gid, as written; when not given, each kind's own
 *              ({@code dialout} for ttys, {@code render} for GPUs...)
 */
public record Defaults(int mode, Optional<String> group, OnPlug onPlug) {
    public static final Defaults DEFAULT = new Defaults(0660, Optional.empty(), OnPlug.HOTPLUG);

    public Defaults {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(onPlug, "onPlug");
    }
}
