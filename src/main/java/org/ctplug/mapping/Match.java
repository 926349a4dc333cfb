package org.ctplug.mapping;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ctplug.kind.Kind;
import org.ctplug.kind.TtyKind;

/**
 * What a device must show to belong to an entry; every given key must match.
 *
 * @param kind the kind of node ({@code subsystem:}, tty when not given)
 * @param vendor USB idVendor or PCI vendor as 4 lowercase hex digits ("0451")
 * @param product USB idProduct or PCI device as 4 lowercase hex digits
 * @param ids vendor:product pairs ("1a6e:089a"), any of which matches
 * @param serial the USB serial string, exact
 * @param interfaceNumber bInterfaceNumber (decimal here; sysfs shows it as %02x)
 * @param port USB port path such as "1-1.2"
 * @param slot PCI slot such as "0000:00:02.0"
 * @param kernel a glob over the node's kernel name such as "ttyS0", "tty[56]" or "renderD*"
 */
public record Match(Kind kind, Optional<String> vendor, Optional<String> product, List<String> ids,
                    Optional<String> serial, Optional<Integer> interfaceNumber, Optional<String> port,
                    Optional<String> slot, Optional<String> kernel) {
    public Match {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(product, "product");
        ids = List.copyOf(ids);
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(interfaceNumber, "interfaceNumber");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(kernel, "kernel");
    }

    /** A tty match with the keys of mapping version 1 before kinds. */
    public Match(Optional<String> vendor, Optional<String> product, Optional<String> serial,
                 Optional<Integer> interfaceNumber, Optional<String> port, Optional<String> kernel) {
        this(TtyKind.TTY, vendor, product, List.of(), serial, interfaceNumber, port, Optional.empty(), kernel);
    }
}
