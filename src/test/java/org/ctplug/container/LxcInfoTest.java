package org.ctplug.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

class LxcInfoTest {

    @Test
    void labelledOutputOfLxc5IsRead() {
        assertThat(LxcInfo.parse("ha", "State:          RUNNING\nPID:            1234\n"))
                .isEqualTo(new ContainerStatus("ha", RunState.RUNNING, OptionalInt.of(1234)));
        assertThat(LxcInfo.parse("ha", "State:          STOPPED\n"))
                .isEqualTo(new ContainerStatus("ha", RunState.STOPPED, OptionalInt.empty()));
    }

    @Test
    void runningHasStateThenPid() {
        assertThat(LxcInfo.parse("ha", "RUNNING\n1234\n"))
                .isEqualTo(new ContainerStatus("ha", RunState.RUNNING, OptionalInt.of(1234)));
    }

    @Test
    void stoppedHasNoPid() {
        assertThat(LxcInfo.parse("ha", "STOPPED\n")).isEqualTo(new ContainerStatus("ha", RunState.STOPPED, OptionalInt.empty()));
    }

    @Test
    void frozenKeepsItsPid() {
        assertThat(LxcInfo.parse("ha", "FROZEN\n99\n").initPid()).isEqualTo(OptionalInt.of(99));
    }

    @Test
    void transientStatesAreUnknown() {
        assertThat(LxcInfo.parse("ha", "STARTING\n").state()).isEqualTo(RunState.UNKNOWN);
        assertThat(LxcInfo.parse("ha", "").state()).isEqualTo(RunState.UNKNOWN);
    }
}
