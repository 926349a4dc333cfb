package org.ctplug.device;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A present device with the mapping entry it matches, or why it has none (ambiguity), and per
 * running container the entry feeds the links to its node seen there.
 */
public record ListedDevice(Device device, Optional<String> entry, Optional<String> error,
                           Map<String, List<String>> containerLinks) {
    public ListedDevice {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(error, "error");
        TreeMap<String, List<String>> sorted = new TreeMap<>();
        containerLinks.forEach((id, links) -> sorted.put(id, List.copyOf(links)));
        containerLinks = java.util.Collections.unmodifiableSortedMap(sorted);
    }

    /** A device whose containers were not looked into. */
    public ListedDevice(Device device, Optional<String> entry, Optional<String> error) {
        this(device, entry, error, Map.of());
    }

    public static ListedDevice unmatched(Device device) {
        return new ListedDevice(device, Optional.empty(), Optional.empty());
    }
}
