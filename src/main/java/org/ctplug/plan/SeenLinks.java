package org.ctplug.plan;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the directories udev links live in hold inside a running container ({@link
 * LinkNames#observedDirs()}), and the names in /dev where ctplug may keep a link there, looked at
 * from the host as {@link SeenNode} is, without following any symlink. The planner and {@code status} take a container's links from this, never from
 * what ctplug recorded.
 */
public sealed interface SeenLinks {

    /** Nothing at all: what a container not looked into is taken to hold. */
    Listed NONE = new Listed(Map.of());

    /** Every entry of the observed directories that exist, by container path. */
    record Listed(Map<String, Entry> entries) implements SeenLinks {
        public Listed {
            entries = Map.copyOf(entries);
        }

        /** What is at a path of an observed directory; null when nothing is. */
        Entry at(String path) {
            return entries.get(path);
        }

        /** The symlinks whose target is exactly the relative one a link at their path to {@code node} has, sorted. */
        public List<String> linksTo(String node) {
            TreeMap<String, Entry> sorted = new TreeMap<>(entries);
            return sorted.entrySet().stream()
                    .filter(e -> e.getValue() instanceof Entry.Link l && !e.getKey().equals(node)
                            && l.target().equals(LinkNames.target(e.getKey(), node)))
                    .map(Map.Entry::getKey).toList();
        }
    }

    /** The directories could not be read (the init is gone, a security module refused): act on no guess. */
    record Unknown(String why) implements SeenLinks {}

    /** One entry of an observed directory. */
    sealed interface Entry {
        /** A symlink and the text it holds. */
        record Link(String target) implements Entry {}

        record Directory() implements Entry {}

        /** Anything else: a node, a file; never ctplug's to replace. */
        record Other(String what) implements Entry {}
    }
}
