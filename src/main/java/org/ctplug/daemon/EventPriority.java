package org.ctplug.daemon;

import org.ctplug.sys.ErrnoException;
import org.ctplug.sys.ProcessCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduling of the loop's thread: SCHED_FIFO while it waits for a device event and makes
 * the event's live steps (rule, node, links), so on a busy host an event does not wait for a CPU
 * behind udevd, which handles the same event at the same moment, or behind guests; normal again
 * for what a pass writes after them (configs, state, status), so the programs in the container
 * that waited for the node get a CPU first. Every call is made on the loop's thread.
 */
public final class EventPriority {
    private static final Logger LOG = LoggerFactory.getLogger(EventPriority.class);

    private final int priority;
    private boolean raised;
    private boolean refused;
    private boolean announced;
    private boolean lowerFailed;

    /** @param priority the SCHED_FIFO priority, 1 to 99; 0 keeps normal scheduling throughout */
    public EventPriority(int priority) {
        if (!valid(priority)) {
            throw new IllegalArgumentException("--event-priority must be 0 to 99, not " + priority);
        }
        this.priority = priority;
    }

    /** A SCHED_FIFO priority (1 to 99), or 0 for none. */
    public static boolean valid(int priority) {
        return priority >= 0 && priority <= 99;
    }

    /** A priority was asked for: without one the loop waits as it always did. */
    public boolean asked() {
        return priority > 0;
    }

    /** Before the loop waits for events. Where it is not allowed, it says so once and keeps normal scheduling. */
    public void raise() {
        if (priority == 0 || raised || refused) {
            return;
        }
        try {
            ProcessCalls.realtime(priority);
            raised = true;
            if (!announced) {
                announced = true;
                LOG.info("device events are handled at SCHED_FIFO priority {}", priority);
            }
        } catch (ErrnoException e) {
            refused = true;
            LOG.warn("device events are handled at normal scheduling: {} (--event-priority {} needs CAP_SYS_NICE or "
                    + "an RLIMIT_RTPRIO of at least {}, and no RestrictRealtime=)", e.getMessage(), priority, priority);
        }
    }

    /** Once a pass's live steps are made, and after every pass, before what the daemon writes then. */
    public void lower() {
        if (!raised) {
            return;
        }
        try {
            ProcessCalls.normalScheduling();
            raised = false;
        } catch (ErrnoException e) {
            // a thread may lower itself while it keeps SCHED_RESET_ON_FORK; should it fail all the
            // same, it stays raised and the next pass tries again, said once
            if (!lowerFailed) {
                lowerFailed = true;
                LOG.warn("cannot return the event thread to normal scheduling: {}", e.getMessage());
            }
        }
    }
}
