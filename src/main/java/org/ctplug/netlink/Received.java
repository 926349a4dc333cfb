package org.ctplug.netlink;

/** What one {@link UeventSocket#receive} call produced. */
public sealed interface Received {

    /** A uevent that passed the sender checks and parsed. */
    record Message(Uevent event) implements Received {
    }

    /** A datagram that was read and thrown away; the reason is meant for the log. */
    record Dropped(String reason) implements Received {
    }

    /**
     * The kernel dropped uevents because the receive buffer was full (ENOBUFS). It reports
     * this once and keeps dropping, silently, until the queue has been read empty
     * (af_netlink.c, NETLINK_S_CONGESTED): keep receiving until {@link Timeout}, then resync
     * from sysfs.
     */
    record Overflow() implements Received {
    }

    /** Nothing arrived within the timeout. */
    record Timeout() implements Received {
    }

    /** Another thread asked the receiving one to look up from the socket ({@link UeventSocket#nudge()}). */
    record Nudged() implements Received {
    }

    /** The socket was closed, possibly by another thread while this one waited. */
    record Closed() implements Received {
    }
}
