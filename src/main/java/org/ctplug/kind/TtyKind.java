package org.ctplug.kind;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Serial ports: USB sticks (ttyACM, ttyUSB) below their usb_interface, built-in UARTs (ttyS) and
 * the virtual consoles. {@code dialout} is the group Debian gives serial ports.
 */
public final class TtyKind extends Kind {
    public static final TtyKind TTY = new TtyKind();

    private TtyKind() {
        super("tty", "class/tty", BELOW_USB_INTERFACE, Set.of(Bus.USB), Optional.of("dialout"));
    }

    /** The 64 virtual consoles, console, ptmx and tty have no driver, and nobody plugs them in. */
    @Override
    public boolean hiddenWithoutDriver() {
        return true;
    }

    @Override
    public boolean usbIdImported() {
        return true;
    }

    @Override
    public boolean needsLink() {
        return true;
    }

    /** {@code zigbee-coordinator} gets {@code ttyZigbeeCoordinator}: a name no kernel driver uses. */
    @Override
    public Optional<String> learnedLink(String entryName) {
        StringBuilder out = new StringBuilder("tty");
        for (String part : entryName.split("-")) {
            if (!part.isEmpty()) {
                out.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return Optional.of(out.toString());
    }
}
