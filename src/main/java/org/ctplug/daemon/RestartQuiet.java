package org.ctplug.daemon;

import java.time.Duration;

/**
 * When a restart held for the device events to pause may go ahead: once they have paused for
 * {@code quiet}, or once it has waited {@code max} since the first pass that held it, so a device
 * that never stops flapping still gets its restart. Times are {@link System#nanoTime()} values,
 * 0 for none; the daemon keeps the last wake-up and passes it in. Wake-ups are told from the
 * listener's thread, passes from the loop's.
 */
final class RestartQuiet {
    private final long quiet;
    private final long max;
    /** The first pass that held a restart for the pause; 0 when none waits. */
    private long settlingSince;

    RestartQuiet(Duration quiet, Duration max) {
        this.quiet = quiet.toNanos();
        this.max = max.toNanos();
    }

    /** A wake-up at {@code now}, the one before it at {@code previous}. */
    synchronized void woke(long previous, long now) {
        if (previous != 0 && now - previous >= quiet) {
            // the events paused: a wait still open is over, whatever its last pass saw
            settlingSince = 0;
        }
    }

    /** When restarts may go ahead, for a pass that starts at {@code now}. */
    synchronized long quietAt(long now, long lastWake) {
        if (lastWake == 0) {
            return now;
        }
        long paused = lastWake + quiet;
        return settlingSince == 0 ? paused : Math.min(paused, settlingSince + max);
    }

    /**
     * After a pass that began at {@code started}: the wait begins with the first pass that held a
     * restart for it, and ends once the events have paused or a restart was made. A pass past
     * {@code max} that had none to make (a device between its remove and its add, or a flapping
     * one back on the node its container already has) leaves the next one that has free to go.
     */
    synchronized void passed(long started, long lastWake, boolean settling, boolean held, boolean restarted) {
        if (settling) {
            settlingSince = settlingSince == 0 && held ? started : settlingSince;
        } else if (restarted || lastWake == 0 || started - lastWake >= quiet) {
            settlingSince = 0;
        }
    }
}
