package org.ctplug.kind;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Video capture: {@code video4linux/videoN} below a USB webcam's interface (uvcvideo gives a
 * capture and a metadata node) or below a PCI capture card. {@code video} is the group Debian
 * gives them.
 */
public final class VideoKind implements Kind {
    public static final VideoKind VIDEO = new VideoKind();

    private VideoKind() {}

    @Override
    public String subsystem() {
        return "video4linux";
    }

    @Override
    public String sysfsDir() {
        return "class/video4linux";
    }

    @Override
    public Set<MatchKey> keys() {
        return EnumSet.allOf(MatchKey.class);
    }

    @Override
    public Set<Bus> buses() {
        return EnumSet.of(Bus.USB, Bus.PCI);
    }

    @Override
    public Optional<String> defaultGroup() {
        return Optional.of("video");
    }
}
