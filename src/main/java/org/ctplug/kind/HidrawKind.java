package org.ctplug.kind;

import java.util.Optional;
import java.util.Set;

/**
 * Raw HID reports (UPS units for NUT, security keys): {@code hidraw/hidrawN} below the HID
 * device ({@code 0003:VVVV:PPPP.NNNN}) of a USB interface.
 */
public final class HidrawKind extends Kind {
    public static final HidrawKind HIDRAW = new HidrawKind();

    private HidrawKind() {
        super("hidraw", "class/hidraw", BELOW_USB_INTERFACE, Set.of(Bus.USB), Optional.empty());
    }
}
