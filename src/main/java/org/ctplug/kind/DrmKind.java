package org.ctplug.kind;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * GPU nodes: {@code drm/card0} and {@code drm/renderD128} below the GPU's PCI function. Its
 * connectors ({@code card0-HDMI-A-1}) are listed there too, without a node. {@code render} is the
 * group Debian gives render nodes, which is what transcoding opens.
 */
public final class DrmKind implements Kind {
    public static final DrmKind DRM = new DrmKind();

    private DrmKind() {}

    @Override
    public String subsystem() {
        return "drm";
    }

    @Override
    public String sysfsDir() {
        return "class/drm";
    }

    @Override
    public Set<MatchKey> keys() {
        return EnumSet.of(MatchKey.VENDOR, MatchKey.PRODUCT, MatchKey.IDS, MatchKey.SLOT, MatchKey.KERNEL);
    }

    @Override
    public Set<Bus> buses() {
        return EnumSet.of(Bus.PCI);
    }

    @Override
    public Optional<String> defaultGroup() {
        return Optional.of("render");
    }
}
