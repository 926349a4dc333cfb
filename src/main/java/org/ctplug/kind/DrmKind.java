package org.ctplug.kind;

import java.util.Optional;
import java.util.Set;

/**
 * GPU nodes: {@code drm/card0} and {@code drm/renderD128} below the GPU's PCI function. Its
 * connectors ({@code card0-HDMI-A-1}) are listed there too, without a node. {@code render} is the
 * group udev gives render nodes, which is what transcoding opens, and {@code video} cards.
 */
public final class DrmKind extends Kind {
    public static final DrmKind DRM = new DrmKind();

    private DrmKind() {
        super("drm", "class/drm", Set.of(MatchKey.VENDOR, MatchKey.PRODUCT, MatchKey.IDS, MatchKey.SLOT, MatchKey.KERNEL),
                Set.of(Bus.PCI), Optional.of("render"));
    }

    /** udev's own split (50-udev-default.rules): {@code card*} is {@code video}, {@code renderD*} {@code render}. */
    @Override
    public Optional<String> defaultGroup(Optional<String> kernelGlob) {
        return kernelGlob.filter(k -> k.startsWith("card")).isPresent() ? Optional.of("video")
                : super.defaultGroup(kernelGlob);
    }
}
