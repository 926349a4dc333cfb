package org.ctplug.kind;

import java.util.Optional;
import java.util.Set;

/**
 * Misc character devices, major 10 ({@code misc/tun} at 10:200 for Tailscale and WireGuard,
 * {@code fuse}): mostly built into the kernel, with no bus device above them, so only their
 * kernel name identifies them.
 */
public final class MiscKind extends Kind {
    public static final MiscKind MISC = new MiscKind();

    private MiscKind() {
        super("misc", "class/misc", Set.of(MatchKey.KERNEL), Set.of(), Optional.empty());
    }
}
