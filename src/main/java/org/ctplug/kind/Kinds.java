package org.ctplug.kind;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Every kind ctplug handles (apart from {@link Kind} itself, whose initialization each kind triggers). */
public final class Kinds {
    /** In the order {@code list} shows them. */
    public static final List<Kind> ALL = List.of(TtyKind.TTY, UsbKind.USB, HidrawKind.HIDRAW, VideoKind.VIDEO,
            DrmKind.DRM, InputKind.INPUT, BlockKind.BLOCK, MiscKind.MISC);

    private static final Set<String> SUBSYSTEMS = ALL.stream().map(Kind::subsystem)
            .collect(Collectors.toUnmodifiableSet());

    private Kinds() {}

    /** The kind named {@code subsystem}, if ctplug has it. */
    public static Optional<Kind> named(String subsystem) {
        return ALL.stream().filter(k -> k.subsystem().equals(subsystem)).findFirst();
    }

    /** Every kind's subsystem name: what the uevent socket listens for. */
    public static Set<String> subsystems() {
        return SUBSYSTEMS;
    }

    /** The subsystem names, for messages. */
    public static List<String> names() {
        return ALL.stream().map(Kind::subsystem).toList();
    }
}
