package org.ctplug.kind;

import java.util.EnumSet;
import java.util.Set;

/**
 * Misc character devices, major 10 ({@code misc/tun} at 10:200 for Tailscale and WireGuard,
 * {@code fuse}): mostly built into the kernel, with no bus device above them, so only their
 * kernel name identifies them.
 */
public final class MiscKind implements Kind {
    public static final MiscKind MISC = new MiscKind();

    private MiscKind() {}

    @Override
    public String subsystem() {
        return "misc";
    }

    @Override
    public String sysfsDir() {
        return "class/misc";
    }

    @Override
    public Set<MatchKey> keys() {
        return EnumSet.of(MatchKey.KERNEL);
    }

    @Override
    public Set<Bus> buses() {
        return EnumSet.noneOf(Bus.class);
    }
}
