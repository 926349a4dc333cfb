package org.ctplug.device;

import java.util.Objects;
import java.util.Optional;

/** A present device with the mapping entry it matches, or why it has none (ambiguity). */
public record ListedDevice(Device device, Optional<String> entry, Optional<String> error) {
    public ListedDevice {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(error, "error");
    }

    public static ListedDevice unmatched(Device device) {
        return new ListedDevice(device, Optional.empty(), Optional.empty());
    }
}
