package org.ctplug.kind;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Video capture: {@code video4linux/videoN} below a USB webcam's interface (uvcvideo gives a
 * capture and a metadata node) or below a PCI capture card. {@code video} is the group Debian
 * gives them.
 */
public final class VideoKind extends Kind {
    public static final VideoKind VIDEO = new VideoKind();

    private VideoKind() {
        super("video4linux", "class/video4linux", EnumSet.allOf(MatchKey.class), Set.of(Bus.USB, Bus.PCI),
                Optional.of("video"));
    }
}
