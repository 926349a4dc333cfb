package org.ctplug.device;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One tty device as sysfs and the udev database describe it.
 *
 * <p>{@code vendor} and {@code product} are the usb_device's {@code idVendor}/{@code idProduct}
 * (4 lowercase hex digits); {@code serial}, {@code manufacturer} and {@code model} are its
 * descriptor strings, untrusted and unescaped; {@code interfaceNumber} is the usb_interface's
 * {@code bInterfaceNumber}; {@code port} the usb_device's port path ({@code 1-1.2});
 * {@code links} the udev symlinks as absolute {@code /dev} paths.
 */
public record Device(String devname, String devpath, String subsystem, int major, int minor,
                     Optional<String> vendor, Optional<String> product, Optional<String> serial,
                     Optional<String> manufacturer, Optional<String> model, Optional<Integer> interfaceNumber,
                     Optional<String> port, Optional<String> driver, List<String> links) {

    public Device {
        Objects.requireNonNull(devname, "devname");
        Objects.requireNonNull(devpath, "devpath");
        Objects.requireNonNull(subsystem, "subsystem");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(manufacturer, "manufacturer");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(interfaceNumber, "interfaceNumber");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(driver, "driver");
        links = List.copyOf(links);
    }

    public String syspath() {
        return "/sys" + devpath;
    }

    public boolean isUsb() {
        return vendor.isPresent();
    }
}
