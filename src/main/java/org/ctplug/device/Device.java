package org.ctplug.device;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ctplug.kind.Bus;
import org.ctplug.kind.Kind;

/**
 * One device node as sysfs and the udev database describe it.
 *
 * <p>{@code kernel} is the sysfs entry's name ({@code ttyACM0}, {@code renderD128}, {@code 2-1});
 * {@code devname} the node's path below /dev as the kernel names it ({@code dri/renderD128},
 * {@code bus/usb/002/003}). The identity comes from the first bus device above the node (the node
 * itself for a usb_device): for USB, {@code vendor}/{@code product} are {@code idVendor}/
 * {@code idProduct}, {@code serial}, {@code manufacturer} and {@code model} its descriptor strings
 * (untrusted, unescaped), {@code port} its port path ({@code 1-1.2}) and {@code interfaceNumber} the
 * usb_interface's {@code bInterfaceNumber}; for PCI, {@code vendor}/{@code product} are
 * {@code vendor}/{@code device} without 0x and {@code slot} its name ({@code 0000:00:02.0}). All
 * ids are 4 lowercase hex digits. {@code devtype} is the uevent's DEVTYPE ({@code disk},
 * {@code partition}, {@code usb_device}). {@code links} are the udev symlinks as absolute /dev paths.
 */
public record Device(String kernel, String devname, String devpath, Kind kind, Optional<String> devtype, int major,
                     int minor,
                     Optional<String> vendor, Optional<String> product, Optional<String> serial,
                     Optional<String> manufacturer, Optional<String> model, Optional<Integer> interfaceNumber,
                     Optional<String> port, Optional<String> slot, Optional<String> driver, List<String> links) {

    public Device {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(devname, "devname");
        Objects.requireNonNull(devpath, "devpath");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(devtype, "devtype");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(manufacturer, "manufacturer");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(interfaceNumber, "interfaceNumber");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(driver, "driver");
        links = List.copyOf(links);
    }

    public String subsystem() {
        return kind.subsystem();
    }

    public String syspath() {
        return "/sys" + devpath;
    }

    /** {@code c} or {@code b}. */
    public char type() {
        return kind.nodeType();
    }

    /** The bus of the device that identifies this one, if any. */
    public Optional<Bus> bus() {
        return port.isPresent() ? Optional.of(Bus.USB) : slot.isPresent() ? Optional.of(Bus.PCI) : Optional.empty();
    }

    public boolean isUsb() {
        return port.isPresent();
    }

    /** {@code vendor:product}, when both are known. */
    public Optional<String> ids() {
        return vendor.flatMap(v -> product.map(p -> v + ":" + p));
    }
}
