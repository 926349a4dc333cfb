package org.ctplug.mapping;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ctplug.kind.Kind;

/**
 * An entry {@code ctplug learn} adds to the mapping: what it saw of the device and where it goes.
 *
 * @param container Proxmox CTID or LXC container name (written in the short form)
 */
public record NewEntry(String name, Kind kind, Optional<String> vendor, Optional<String> product, List<String> ids,
                       Optional<String> serial, Optional<String> port, Optional<String> slot, Optional<String> kernel,
                       Optional<Integer> interfaceNumber, Optional<String> link, String container) {
    public NewEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        ids = List.copyOf(ids);
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(interfaceNumber, "interfaceNumber");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(container, "container");
    }

    /** A tty entry with a link, the only kind learn wrote before kinds. */
    public NewEntry(String name, Optional<String> vendor, Optional<String> product, Optional<String> serial,
                    Optional<String> port, Optional<String> kernel, Optional<Integer> interfaceNumber, String link,
                    String container) {
        this(name, org.ctplug.kind.TtyKind.TTY, vendor, product, List.of(), serial, port, Optional.empty(), kernel,
                interfaceNumber, Optional.of(link), container);
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
