package org.ctplug.bench;

import java.util.Optional;
import org.ctplug.device.Device;
import org.ctplug.netlink.Uevent;

/**
 * A {@link Device} from one uevent's properties alone (udevd's ID_* keys), so matching can be
 * measured per event. The daemon itself rescans sysfs on an event; this is the per-event cost of
 * matching, not what the daemon does.
 */
final class EventDevices {
    private EventDevices() {}

    static Optional<Device> of(Uevent e) {
        if (!e.subsystem().filter("tty"::equals).isPresent() || e.devname().isEmpty()
                || e.major().isEmpty() || e.minor().isEmpty()) {
            return Optional.empty();
        }
        String devname = e.devname().get();
        if (devname.startsWith("/dev/")) {
            devname = devname.substring(5);
        }
        return Optional.of(new Device(devname, devname, e.devpath(), org.ctplug.kind.TtyKind.TTY, Optional.empty(),
                e.major().getAsInt(),
                e.minor().getAsInt(), e.get("ID_VENDOR_ID"), e.get("ID_MODEL_ID"), e.get("ID_SERIAL_SHORT"),
                Optional.empty(), e.get("ID_MODEL"), e.get("ID_USB_INTERFACE_NUM").flatMap(EventDevices::hex),
                port(e.devpath()), Optional.empty(), e.get("ID_USB_DRIVER"), e.devlinks()));
    }

    private static Optional<Integer> hex(String s) {
        try {
            return Optional.of(Integer.parseInt(s, 16));
        } catch (NumberFormatException ex) {
            return Optional.empty();
        }
    }

    /** The usb_interface directory is {@code <port>:<config>.<interface>}; the port precedes it. */
    private static Optional<String> port(String devpath) {
        for (String part : devpath.split("/")) {
            int colon = part.indexOf(':');
            if (colon > 0 && part.indexOf('-') > 0 && part.indexOf('-') < colon && part.indexOf('.', colon) > 0) {
                return Optional.of(part.substring(0, colon));
            }
        }
        return Optional.empty();
    }
}
