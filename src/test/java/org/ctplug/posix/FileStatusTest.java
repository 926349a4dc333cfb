package org.ctplug.posix;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileStatusTest {

    @Test
    void smallNumbersUseTheOldSixteenBitLayout() {
        // ttyUSB0 is 188:0, historically 0xbc00
        assertThat(FileStatus.makedev(188, 0)).isEqualTo(0xbc00L);
        assertThat(new FileStatus(0020660, 0xbc00L, 0, 20, true).major()).isEqualTo(188);
    }

    @Test
    void largeMajorAndMinorRoundTrip() {
        long dev = FileStatus.makedev(4100, 70000);
        assertThat(FileStatus.major(dev)).isEqualTo(4100);
        assertThat(FileStatus.minor(dev)).isEqualTo(70000);
    }

    @Test
    void makedevPutsSmallNumbersInTheLowWord() {
        assertThat(FileStatus.makedev(4, 64)).isEqualTo(0x440L);
    }

    @Test
    void makedevSplitsMinorAboveEightBitsLikeGlibc() {
        assertThat(FileStatus.makedev(188, 300)).isEqualTo(0x10bc2cL);
    }

    @Test
    void makedevSplitsMajorAboveTwelveBitsLikeGlibc() {
        assertThat(FileStatus.makedev(0x1234, 1)).isEqualTo((0x1000L << 32) | (0x234L << 8) | 1);
    }

    @Test
    void permissionsDropTheFileType() {
        assertThat(new FileStatus(0020660, 0, 0, 0, true).permissions()).isEqualTo(0660);
    }
}
