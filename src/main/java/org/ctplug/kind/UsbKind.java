package org.ctplug.kind;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Raw USB devices, as libusb opens them: the usb_device's own node {@code bus/usb/BBB/DDD}
 * (major 189, minor (busnum-1)*128 + devnum-1: drivers/usb/core/usb.c), listed under
 * {@code /sys/bus/usb/devices} with its interfaces, which have no node. The device number
 * changes at every plug, so the node's path does too.
 */
public final class UsbKind extends Kind {
    public static final UsbKind USB = new UsbKind();

    private UsbKind() {
        super("usb", "bus/usb/devices", Set.of(MatchKey.VENDOR, MatchKey.PRODUCT, MatchKey.IDS, MatchKey.SERIAL,
                MatchKey.PORT), Set.of(Bus.USB), Optional.empty());
    }

    /**
     * Devices that re-enumerate with other ids once their firmware is loaded: the Google Coral
     * USB accelerator comes up as 1a6e:089a (Global Unichip) and, after the Edge TPU runtime
     * loads its firmware, as 18d1:9302 (Google).
     */
    private static final Map<String, String> REENUMERATES = Map.of("1a6e:089a", "18d1:9302", "18d1:9302", "1a6e:089a");

    /** The bus lists interfaces too ({@code 1-1.2:1.0}); only usb_devices have a node. */
    @Override
    public boolean isNode(String name, Optional<String> devtype) {
        return devtype.filter("usb_device"::equals).isPresent();
    }

    @Override
    public boolean selfIdentified() {
        return true;
    }

    @Override
    public List<String> ruleKeys() {
        return List.of("SUBSYSTEM==\"usb\"", "ENV{DEVTYPE}==\"usb_device\"");
    }

    /** The ids a device with {@code vendor:product} will also show, when it is one known to re-enumerate. */
    public static Optional<String> alsoKnownAs(String vendorProduct) {
        return Optional.ofNullable(REENUMERATES.get(vendorProduct));
    }
}
