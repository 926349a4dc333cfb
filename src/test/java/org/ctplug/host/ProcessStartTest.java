package org.ctplug.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessStartTest {
    @Test
    void startTimeIsField22CountedAfterTheCommandName() {
        String stat = "4242 (a) b) (c) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 50";

        assertThat(ProcessStart.parse(stat)).hasValue(987654);
    }

    @Test
    void aTruncatedLineHasNoStartTime() {
        assertThat(ProcessStart.parse("4242 (sleep) S 1 2 3")).isEmpty();
    }
}
