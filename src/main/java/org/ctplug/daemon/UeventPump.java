package org.ctplug.daemon;

import java.io.IOException;
import java.time.Duration;
import org.ctplug.device.KernelEvents;
import org.ctplug.netlink.Received;
import org.ctplug.netlink.UeventSocket;
import org.ctplug.netlink.UeventSource;
import org.ctplug.udev.RulesRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's wait: the uevent socket, read on the loop's thread. The container side acts on the
 * kernel's add and remove, since sysfs already holds what ctplug matches on and udevd's part (rules,
 * links, permissions on the host) must not hold up the container; udev's processed events still
 * wake the daemon, for what udev makes on the host.
 */
public final class UeventPump implements Daemon.Waiter {
    private static final Logger LOG = LoggerFactory.getLogger(UeventPump.class);
    /** After an overflow, the queue counts as read empty once nothing came for this long. */
    private static final Duration DRAINED = Duration.ofMillis(50);

    private final UeventSocket socket;
    private final Daemon daemon;
    private final KernelEvents events;
    private final EventPriority priority;
    /** An overflow was reported: every device is read again once the queue is read empty. */
    private boolean resyncWhenDrained;

    public UeventPump(UeventSocket socket, Daemon daemon, KernelEvents events) {
        this(socket, daemon, events, new EventPriority(0));
    }

    /**
     * @param priority raised before each wait, so the next event's live steps are made at it;
     *                 while events come in quick succession, only once they pause
     */
    public UeventPump(UeventSocket socket, Daemon daemon, KernelEvents events, EventPriority priority) {
        this.socket = socket;
        this.daemon = daemon;
        this.events = events;
        this.priority = priority;
    }

    @Override
    public void await(long millis) {
        Duration wait = Duration.ofMillis(millis);
        if (resyncWhenDrained && wait.compareTo(DRAINED) > 0) {
            wait = DRAINED;
        }
        if (priority.asked() && daemon.eventsInQuickSuccession()) {
            // a storm: handled at normal scheduling, so the program sending it keeps its CPU
            priority.lower();
            Duration quiet = wait.compareTo(Daemon.quietPause()) < 0 ? wait : Daemon.quietPause();
            boolean resyncPending = resyncWhenDrained;
            if (take(quiet)) {
                drain();
                return;
            }
            wait = wait.minus(quiet);
            // read empty after an overflow: the resync it asked for is due now
            if (wait.isZero() || (resyncPending && !resyncWhenDrained)) {
                return;
            }
        }
        priority.raise();
        if (take(wait)) {
            drain();
        }
    }

    @Override
    public void drain() {
        while (take(Duration.ZERO)) {
            // each message read is handled in take
        }
    }

    @Override
    public void nudge() {
        socket.nudge();
    }

    /** Receives and handles one datagram; false when none came, or the wait was nudged or closed. */
    private boolean take(Duration wait) {
        Received r;
        try {
            r = socket.receive(wait);
        } catch (IOException e) {
            LOG.error("uevent socket: {}", e.getMessage());
            events.resync();
            daemon.wake();
            return false;
        }
        if (r instanceof Received.Message m) {
            if (m.event().source() == UeventSource.KERNEL) {
                events.record(m.event().devpath(), m.event().action());
            } else {
                // without a sequence number it cannot be placed before a rules load: taken as after
                events.handled(m.event().devpath(), m.event().action(), m.event().seqnum().orElse(Long.MAX_VALUE),
                        m.event().get(RulesRenderer.RULE_PROPERTY));
            }
            // a move: the device is no longer where it was read (the event names the device's
            // own subsystem, so the socket's filter keeps it)
            m.event().get("DEVPATH_OLD").ifPresent(events::touched);
            daemon.wake();
            return true;
        } else if (r instanceof Received.Overflow) {
            // ENOBUFS: the kernel dropped uevents for us, and keeps dropping silently until the
            // queue is read empty; only a full resync after the drain can be trusted
            LOG.warn("uevents were lost (receive buffer overflow); resyncing from sysfs");
            // what the lost events said is unknown: udev's database decides until new ones come
            events.forget();
            resyncWhenDrained = true;
            daemon.wake();
            return true;
        } else if (r instanceof Received.Dropped d) {
            LOG.warn("dropped a uevent message: {}", d.reason());
            if (d.reason().equals("truncated") || d.reason().equals("unparseable")) {
                // from root, so no impostor: a message lost to us, and what it said is unknown
                events.resync();
                daemon.wake();
            }
            return true;
        } else if (r instanceof Received.Timeout && resyncWhenDrained && !wait.isZero()) {
            resyncWhenDrained = false;
            events.resync();
            daemon.wake();
        }
        return false;
    }
}
