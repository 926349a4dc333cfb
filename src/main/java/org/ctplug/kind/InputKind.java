package org.ctplug.kind;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Input devices as evdev nodes, {@code input/eventN}. The class also lists the input device
 * itself ({@code inputN}, no node) and legacy {@code mouseN}/{@code jsN} nodes, which are not
 * what applications open today.
 */
public final class InputKind extends Kind {
    public static final InputKind INPUT = new InputKind();

    private InputKind() {
        super("input", "class/input", BELOW_USB_INTERFACE, Set.of(Bus.USB), Optional.of("input"));
    }

    @Override
    public boolean isNode(String name, Optional<String> devtype) {
        return name.startsWith("event");
    }

    @Override
    public List<String> ruleKeys() {
        return List.of("SUBSYSTEM==\"input\"", "KERNEL==\"event*\"");
    }
}
