package org.ctplug.mapping;

import java.util.Objects;
import java.util.Optional;

/**
 * What a device must show to belong to an entry; every given key must match.
 *
 * @param vendor idVendor as 4 lowercase hex digits ("0451")
 * @param product idProduct as 4 lowercase hex digits
 * @param serial the USB serial string, exact
 * @param interfaceNumber bInterfaceNumber (decimal here; sysfs shows it as %02x)
 * @param port USB port path such as "1-1.2"
 * @param kernel a glob over the kernel name such as "ttyS0" or "tty[56]"
 */
public record Match(Optional<String> vendor, Optional<String> product, Optional<String> serial,
                    Optional<Integer> interfaceNumber, Optional<String> port, Optional<String> kernel) {
    public Match {
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(interfaceNumber, "interfaceNumber");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(kernel, "kernel");
    }
}
