package org.ctplug.device;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.ctplug.kind.Bus;

/**
 * What identifies a node: the first bus device at or above {@code start}. The kernel nests USB
 * nodes as usb_device ({@code 1-1.2}, has {@code idVendor}) / usb_interface ({@code 1-1.2:1.0},
 * has {@code bInterfaceNumber}) / ... / node, and PCI nodes below their PCI function
 * ({@code 0000:00:02.0}, on the pci bus, with {@code vendor} and {@code device}). A USB node's
 * host controller is a PCI function too, but further up: the usb_device is found first.
 */
record Identity(Optional<String> vendor, Optional<String> product, Optional<String> serial,
                Optional<String> manufacturer, Optional<String> model, Optional<Integer> interfaceNumber,
                Optional<String> port, Optional<String> slot) {

    private static final Identity NONE = new Identity(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /**
     * @param buses      the buses the node's kind takes its identity from
     * @param subsystems each directory's subsystem: a level costs one readlink, and the
     *                   attributes are read only on the levels of the bus that has them
     *                   (usb_device and usb_interface on usb, functions on pci)
     */
    static Identity of(Path start, Path devicesRoot, Set<Bus> buses, SysfsFiles.Subsystems subsystems)
            throws IOException {
        Optional<Integer> interfaceNumber = Optional.empty();
        for (Path p = start; p != null && p.startsWith(devicesRoot) && !p.equals(devicesRoot); p = p.getParent()) {
            Optional<String> subsystem = subsystems.of(p);
            boolean onUsb = subsystem.filter("usb"::equals).isPresent();
            if (interfaceNumber.isEmpty() && onUsb) {
                // bInterfaceNumber is printed "%02x" (drivers/usb/core/sysfs.c).
                interfaceNumber = SysfsFiles.kernel(p.resolve("bInterfaceNumber")).flatMap(Identity::hex);
            }
            // the first bus device is the identity; one the kind takes none from (a USB display
            // adapter's drm node: USB, for a PCI kind) makes it anonymous, never its host controller's
            Optional<String> usbVendor = onUsb ? SysfsFiles.kernel(p.resolve("idVendor")) : Optional.empty();
            boolean usb = usbVendor.isPresent();
            Optional<String> pciVendor = subsystem.filter("pci"::equals).isPresent()
                    ? SysfsFiles.kernel(p.resolve("vendor")) : Optional.empty();
            boolean pci = pciVendor.isPresent();
            if ((usb && !buses.contains(Bus.USB)) || (pci && !buses.contains(Bus.PCI))) {
                return NONE;
            }
            if (usb) {
                return new Identity(usbVendor.map(Identity::lower),
                        SysfsFiles.kernel(p.resolve("idProduct")).map(Identity::lower),
                        SysfsFiles.untrusted(p.resolve("serial")), SysfsFiles.untrusted(p.resolve("manufacturer")),
                        SysfsFiles.untrusted(p.resolve("product")), interfaceNumber,
                        // the usb_device directory is named for its port path: bus-port.port...
                        Optional.of(p.getFileName().toString()), Optional.empty());
            }
            if (pci) {
                // "0x%04x" (drivers/pci/pci-sysfs.c); the mapping writes ids without 0x
                return new Identity(pciVendor.map(Identity::pciId),
                        SysfsFiles.kernel(p.resolve("device")).map(Identity::pciId), Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.of(p.getFileName().toString()));
            }
        }
        return NONE;
    }

    private static String lower(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    private static String pciId(String id) {
        String lower = lower(id);
        return lower.startsWith("0x") ? lower.substring(2) : lower;
    }

    private static Optional<Integer> hex(String value) {
        try {
            return Optional.of(Integer.parseInt(value, 16));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
