package org.ctplug.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When a restart held for the device events to pause may go ahead. */
class RestartQuietTest {
    static final long MS = 1_000_000;
    final RestartQuiet quiet = new RestartQuiet(Duration.ofSeconds(1), Duration.ofSeconds(10));

    /** The last wake-up, as the daemon keeps it. */
    long last;

    void woke(long at) {
        quiet.woke(last, at);
        last = at;
    }

    long quietAt(long now) {
        return quiet.quietAt(now, last);
    }

    /** A pass at {@code now} that holds a restart while it must wait; whether it had to. */
    boolean pass(long now, boolean wantsRestart) {
        boolean settling = now < quietAt(now);
        quiet.passed(now, last, settling, settling && wantsRestart, !settling && wantsRestart);
        return settling;
    }

    @Test
    void beforeAnyEventNothingWaits() {
        assertThat(quietAt(5 * MS)).isEqualTo(5 * MS);
    }

    @Test
    void aRestartWaitsUntilTheEventsHavePausedForASecond() {
        woke(100 * MS);
        assertThat(pass(101 * MS, true)).isTrue();
        woke(600 * MS);
        assertThat(quietAt(601 * MS)).isEqualTo(1600 * MS);
        assertThat(pass(1600 * MS, true)).isFalse();
    }

    /** Events every 250 ms from {@code from} until before {@code to}, each pass finding nothing to restart. */
    void flap(long from, long to) {
        for (long at = from; at < to; at += 250 * MS) {
            woke(at);
            pass(at + MS, false);
        }
    }

    @Test
    void aDeviceThatNeverStopsFlappingGetsItsRestartTenSecondsAfterTheFirstHold() {
        long t = 1000 * MS;
        woke(t);
        assertThat(pass(t + MS, true)).isTrue();
        flap(t + 250 * MS, t + 10_000 * MS);
        assertThat(quietAt(t + 9_800 * MS)).isEqualTo(t + 10_001 * MS);
        assertThat(pass(t + 10_002 * MS, true)).isFalse();
    }

    /** A restart held at {@code t}, then events past the limit whose passes find nothing to restart. */
    void heldThenFlappingPastTheLimit(long t) {
        woke(t);
        pass(t + MS, true);
        flap(t + 250 * MS, t + 10_250 * MS);
    }

    @Test
    void aPassPastTheLimitWithNothingToRestartLeavesTheNextOneThatHasFreeToGo() {
        long t = 1000 * MS;
        heldThenFlappingPastTheLimit(t);
        woke(t + 10_400 * MS);
        assertThat(pass(t + 10_401 * MS, true)).isFalse();
    }

    @Test
    void aPauseEndsAWaitThatItsLastPassLeftOpen() {
        long t = 1000 * MS;
        // past the limit, events still coming, nothing to restart: then no event for an hour
        heldThenFlappingPastTheLimit(t);

        long later = t + 3_600_000 * MS;
        woke(later);
        assertThat(quietAt(later + MS)).isEqualTo(later + 1000 * MS);
        assertThat(pass(later + MS, true)).isTrue();
        flap(later + 250 * MS, later + 5_000 * MS);
        assertThat(quietAt(later + 5_000 * MS)).isEqualTo(later + 5_750 * MS);
    }
}
