package org.ctplug.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The usb_interface and usb_device above a tty in the device tree. The kernel nests them as
 * usb_device ({@code 1-1.2}, has {@code idVendor}) / usb_interface ({@code 1-1.2:1.0}, has
 * {@code bInterfaceNumber}) / [usb-serial port {@code ttyUSB0}] / {@code tty/NAME}.
 */
record UsbParents(Optional<Path> usbDevice, Optional<Integer> interfaceNumber) {

    static UsbParents above(Path ttyDir, Path devicesRoot) throws IOException {
        Optional<Integer> interfaceNumber = Optional.empty();
        for (Path p = ttyDir.getParent(); p != null && p.startsWith(devicesRoot) && !p.equals(devicesRoot);
             p = p.getParent()) {
            if (interfaceNumber.isEmpty() && Files.isRegularFile(p.resolve("bInterfaceNumber"))) {
                // bInterfaceNumber is printed "%02x" (drivers/usb/core/sysfs.c).
                interfaceNumber = SysfsFiles.kernel(p.resolve("bInterfaceNumber")).flatMap(UsbParents::hex);
            }
            if (Files.isRegularFile(p.resolve("idVendor"))) {
                return new UsbParents(Optional.of(p), interfaceNumber);
            }
        }
        return new UsbParents(Optional.empty(), Optional.empty());
    }

    Optional<String> attribute(String name) throws IOException {
        return usbDevice.isEmpty() ? Optional.empty() : SysfsFiles.kernel(usbDevice.get().resolve(name));
    }

    Optional<String> descriptor(String name) throws IOException {
        return usbDevice.isEmpty() ? Optional.empty() : SysfsFiles.untrusted(usbDevice.get().resolve(name));
    }

    /** The usb_device directory is named for its port path: bus-port.port... */
    Optional<String> port() {
        return usbDevice.map(p -> p.getFileName().toString());
    }

    private static Optional<Integer> hex(String value) {
        try {
            return Optional.of(Integer.parseInt(value, 16));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
