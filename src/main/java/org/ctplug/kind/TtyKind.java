package org.ctplug.kind;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Serial ports: USB sticks (ttyACM, ttyUSB) below their usb_interface, built-in UARTs (ttyS) and
 * the virtual consoles. {@code dialout} is the group Debian gives serial ports.
 */
public final class TtyKind implements Kind {
    public static final TtyKind TTY = new TtyKind();

    private TtyKind() {}

    @Override
    public String subsystem() {
        return "tty";
    }

    @Override
    public String sysfsDir() {
        return "class/tty";
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

    @Override
    public boolean needsLink() {
        return true;
    }

    @Override
    public Optional<String> defaultGroup() {
        return Optional.of("dialout");
    }
}
