package org.ctplug.mapping;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry under {@code devices:}, with the defaults already applied.
 *
 * @param link host symlink name, /dev/LINK; without one the node keeps the kernel's name
 * @param group the node's host group; empty leaves udev's
 * @param line 1-based line of the entry's name in the file
 */
public record MappingEntry(String name, Match match, Optional<String> link, int mode, Optional<String> group,
                           OnPlug onPlug,
                           List<ContainerRef> containers, int line) {
    public MappingEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(onPlug, "onPlug");
        containers = List.copyOf(containers);
    }

    /** An entry with a link and a group. */
    public MappingEntry(String name, Match match, String link, int mode, String group, OnPlug onPlug,
                        List<ContainerRef> containers, int line) {
        this(name, match, Optional.of(link), mode, Optional.of(group), onPlug, containers, line);
    }
}
