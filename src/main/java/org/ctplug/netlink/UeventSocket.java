package org.ctplug.netlink;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.ctplug.sys.DatagramReceiver;
import org.ctplug.sys.Errno;
import org.ctplug.sys.ErrnoException;
import org.ctplug.sys.FileCalls;
import org.ctplug.sys.SocketCalls;

/**
 * A NETLINK_KOBJECT_UEVENT socket subscribed to a multicast group mask: {@link #UDEV_GROUP}
 * where systemd-udevd runs, {@link #KERNEL_GROUP} otherwise, a private group in tests.
 *
 * <p>Anyone with CAP_NET_ADMIN in the initial network namespace can multicast on these
 * groups, so every datagram is checked against the credentials the kernel attaches
 * (SO_PASSCRED): only uid 0 is believed, and on the kernel group only port id 0, the kernel.
 *
 * <p>The socket passes on only the uevents of the subsystems it was opened for; its callers
 * never filter. What it reports of lost or unreadable messages ({@link Received.Overflow},
 * {@link Received.Dropped}) it reports whatever their subsystem, which may be unknown.
 *
 * <p>One thread receives; {@link #close()} and {@link #nudge()} may be called from any thread and
 * wake it.
 */
public final class UeventSocket implements AutoCloseable {

    public static final int KERNEL_GROUP = 1;
    public static final int UDEV_GROUP = 2;

    /**
     * The daemon's groups: the kernel's, for the container side, and udev's too where udevd runs,
     * for what udev makes on the host (links, permissions) once it has handled an event.
     */
    public static int daemonGroups(java.nio.file.Path root) {
        return defaultGroup(root) | KERNEL_GROUP;
    }

    /** udev's group where udevd runs (its control socket exists under {@code root}), else the kernel's. */
    public static int defaultGroup(java.nio.file.Path root) {
        return java.nio.file.Files.exists(root.resolve("run/udev/control")) ? UDEV_GROUP : KERNEL_GROUP;
    }

    private static final int MAX_DATAGRAM = 1 << 20;

    private final int fd;
    private final int wakeFd;
    private final int nudgeFd;
    private final int portId;
    private final SubsystemFilter filter;
    private final DatagramReceiver receiver = new DatagramReceiver(Netlink.SOCKADDR_NL_SIZE, MAX_DATAGRAM);
    private final ReentrantLock receiving = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();

    private UeventSocket(int fd, int wakeFd, int nudgeFd, int portId, SubsystemFilter filter) {
        this.fd = fd;
        this.wakeFd = wakeFd;
        this.nudgeFd = nudgeFd;
        this.portId = portId;
        this.filter = filter;
    }

    /**
     * @param groupMask multicast groups to join (bit n-1 for group n)
     * @param receiveBufferBytes socket receive buffer; the kernel doubles it and enforces a
     *     minimum. Bursts beyond it surface as {@link Received.Overflow}.
     * @param subsystems the subsystems whose uevents {@link #receive} returns (SUBSYSTEM, e.g. tty)
     */
    public static UeventSocket open(int groupMask, int receiveBufferBytes, Set<String> subsystems)
            throws IOException {
        if (groupMask == 0) {
            throw new IllegalArgumentException("no multicast group given");
        }
        if (receiveBufferBytes <= 0) {
            throw new IllegalArgumentException("receive buffer must be positive: " + receiveBufferBytes);
        }
        SubsystemFilter filter = new SubsystemFilter(subsystems);
        int fd = Netlink.openUevent(groupMask);
        int wakeFd = -1;
        int nudgeFd = -1;
        try {
            Netlink.passCredentials(fd);
            Netlink.receiveBuffer(fd, receiveBufferBytes);
            wakeFd = Netlink.eventFd();
            nudgeFd = Netlink.eventFd();
            return new UeventSocket(fd, wakeFd, nudgeFd, Netlink.portId(fd), filter);
        } catch (IOException | RuntimeException e) {
            FileCalls.close(fd);
            for (int efd : new int[] {wakeFd, nudgeFd}) {
                if (efd >= 0) {
                    FileCalls.close(efd);
                }
            }
            throw e;
        }
    }

    /** The netlink port id the kernel assigned to this socket when it was bound. */
    public int portId() {
        return portId;
    }

    /**
     * Waits for one datagram that is not filtered out and reports what became of it.
     * {@link Received.Timeout} once {@code timeout} has passed with nothing left queued: datagrams
     * of other subsystems that keep arriving are read and dropped meanwhile, so a Timeout after
     * an overflow still means the queue was read empty. Returns {@link Received.Closed} at once
     * when the socket is or gets closed, and {@link Received.Nudged} when {@link #nudge()} was
     * called since the last receive.
     */
    public Received receive(Duration timeout) throws IOException {
        receiving.lock();
        try {
            long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
            while (!closed.get()) {
                long remaining = deadline - System.nanoTime();
                short[] revents = Netlink.poll(new int[] {fd, wakeFd, nudgeFd}, pollMillis(remaining));
                if (closed.get() || revents[1] != 0) {
                    return new Received.Closed();
                }
                if (revents[2] != 0) {
                    Netlink.consume(nudgeFd);
                    return new Received.Nudged();
                }
                if ((revents[0] & FileCalls.POLLNVAL) != 0) {
                    throw new IOException("netlink socket is not open");
                }
                if ((revents[0] & (FileCalls.POLLIN | FileCalls.POLLERR)) != 0) {
                    Optional<Received> received = readOne();
                    if (received.isPresent()) {
                        return received.get();
                    }
                } else if (revents[0] != 0) {
                    throw new IOException("poll on the netlink socket reported events 0x" + Integer.toHexString(revents[0]));
                } else if (deadline - System.nanoTime() <= 0) {
                    return new Received.Timeout();
                }
            }
            return new Received.Closed();
        } finally {
            receiving.unlock();
        }
    }

    /** One datagram's fate; empty when it was filtered out or poll's readiness was spurious. */
    private Optional<Received> readOne() throws IOException {
        try {
            return judge(receiver.receive(fd, SocketCalls.MSG_DONTWAIT), filter);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOBUFS) {
                // socket(7)/netlink(7): the receive queue overran and uevents were lost
                return Optional.of(new Received.Overflow());
            }
            if (e.errno() == Errno.EAGAIN) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The sender checks first, then the filter: an impostor is reported whatever it claims to
     * be, and a message lost to truncation or unreadable is reported as it may have been wanted.
     */
    static Optional<Received> judge(DatagramReceiver.Datagram d, SubsystemFilter filter) {
        if (d.truncated()) {
            return Optional.of(new Received.Dropped("truncated"));
        }
        if (d.uid().isEmpty()) {
            return Optional.of(new Received.Dropped("no sender credentials"));
        }
        if (d.uid().getAsLong() != 0) {
            return Optional.of(new Received.Dropped("sender uid " + d.uid().getAsLong() + " is not root"));
        }
        // netlink(7): nl_groups of the source address is the group the message was sent to
        int port = Netlink.port(d.source());
        if ((Netlink.groups(d.source()) & KERNEL_GROUP) != 0 && port != 0) {
            return Optional.of(new Received.Dropped("kernel-group message from port " + Integer.toUnsignedString(port)));
        }
        if (!filter.headerMayMatch(d.data())) {
            return Optional.empty();
        }
        Optional<Uevent> event = UeventParser.parse(d.data(), d.data().length);
        if (event.isEmpty()) {
            return Optional.of(new Received.Dropped("unparseable"));
        }
        return event.filter(filter::wants).<Received>map(Received.Message::new);
    }

    private static int pollMillis(long remainingNanos) {
        if (remainingNanos <= 0) {
            return 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(remainingNanos + 999_999));
    }

    /** Makes the current or next {@link #receive} return {@link Received.Nudged}; from any thread. */
    public void nudge() {
        if (!closed.get()) {
            Netlink.signal(nudgeFd);
        }
    }

    /**
     * Wakes a thread blocked in {@link #receive} through the eventfd it polls, then waits
     * for it to leave before closing the descriptors, so no fd number is reused under it.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Netlink.signal(wakeFd);
        receiving.lock();
        try {
            FileCalls.close(fd);
            FileCalls.close(wakeFd);
            FileCalls.close(nudgeFd);
        } finally {
            receiving.unlock();
        }
    }
}
