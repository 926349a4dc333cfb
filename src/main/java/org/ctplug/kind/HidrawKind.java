package org.ctplug.kind;

import java.util.EnumSet;
import java.util.Set;

/**
 * Raw HID reports (UPS units for NUT, security keys): {@code hidraw/hidrawN} below the HID
 * device ({@code 0003:VVVV:PPPP.NNNN}) of a USB interface.
 */
public final class HidrawKind implements Kind {
    public static final HidrawKind HIDRAW = new HidrawKind();

    private HidrawKind() {}

    @Override
    public String subsystem() {
        return "hidraw";
    }

    @Override
    public String sysfsDir() {
        return "class/hidraw";
    }

    @Override
    public Set<MatchKey> keys() {
        return EnumSet.of(MatchKey.VENDOR, MatchKey.PRODUCT, MatchKey.IDS, MatchKey.SERIAL, MatchKey.INTERFACE,
                MatchKey.PORT, MatchKey.KERNEL);
    }

    @Override
    public Set<Bus> buses() {
        return EnumSet.of(Bus.USB);
    }
}
