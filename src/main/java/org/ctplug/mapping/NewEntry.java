package org.ctplug.mapping;

import java.util.Objects;
import java.util.Optional;

/**
 * An entry {@code ctplug learn} adds to the mapping: what it saw of the device and where it goes.
 *
 * @param container Proxmox CTID or LXC container name (written in the short form)
 */
public record NewEntry(String name, Optional<String> vendor, Optional<String> product, Optional<String> serial,
                       Optional<String> port, Optional<String> kernel, Optional<Integer> interfaceNumber,
                       String link, String container) {
    public NewEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(interfaceNumber, "interfaceNumber");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(container, "container");
    }

    /** Whether a device's serial can be written as a {@code serial:} match as it is (the mapping's own rule). */
    public static boolean acceptsSerial(String serial) {
        try {
            return !serial.isEmpty() && Rules.serial(serial).equals(serial);
        } catch (NodeReader.Invalid e) {
            return false;
        }
    }
}
