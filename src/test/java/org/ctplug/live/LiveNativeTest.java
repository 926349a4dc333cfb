package org.ctplug.live;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LiveNativeTest {
    @Test
    void makedevPutsSmallNumbersInTheLowWord() {
        assertThat(LiveNative.makedev(4, 64)).isEqualTo(0x440L);
    }

    @Test
    void makedevSplitsMinorAboveEightBitsLikeGlibc() {
        assertThat(LiveNative.makedev(188, 300)).isEqualTo(0x10bc2cL);
    }

    @Test
    void makedevSplitsMajorAboveTwelveBitsLikeGlibc() {
        assertThat(LiveNative.makedev(0x1234, 1)).isEqualTo((0x1000L << 32) | (0x234L << 8) | 1);
    }
}
