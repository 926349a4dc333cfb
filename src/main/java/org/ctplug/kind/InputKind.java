package org.ctplug.kind;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Input devices as evdev nodes, {@code input/eventN}. The class also lists the input device
 * itself ({@code inputN}, no node) and legacy {@code mouseN}/{@code jsN} nodes, which are not
 * what applications open today.
 */
public final class InputKind implements Kind {
    public static final InputKind INPUT = new InputKind();

    private InputKind() {}

    @Override
    public String subsystem() {
        return "input";
    }

    @Override
    public String sysfsDir() {
        return "class/input";
    }

    @Override
    public boolean isNode(String name, Optional<String> devtype) {
        return name.startsWith("event");
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
    public List<String> ruleKeys() {
        return List.of("SUBSYSTEM==\"input\"", "KERNEL==\"event*\"");
    }

    @Override
    public Optional<String> defaultGroup() {
        return Optional.of("input");
    }
}
