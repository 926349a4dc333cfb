package org.ctplug.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ctplug.sys.Errno;
import org.ctplug.sys.ErrnoException;
import org.ctplug.sys.FileCalls;
import org.ctplug.sys.SocketCalls;

/** The netlink socket calls of this package and the layout of struct sockaddr_nl. */
final class Netlink {
    private static final int NETLINK_KOBJECT_UEVENT = 15;
    /**
     * struct sockaddr_nl (include/uapi/linux/netlink.h): sa_family_t nl_family, unsigned short
     * nl_pad, __u32 nl_pid (the port id), __u32 nl_groups; 12 bytes.
     */
    static final int SOCKADDR_NL_SIZE = 12;

    private Netlink() {
    }

    /** A sockaddr_nl for the port id 0 (the kernel's, or "pick one" in bind) and the group mask. */
    static byte[] address(int groups) {
        return ByteBuffer.allocate(SOCKADDR_NL_SIZE).order(ByteOrder.nativeOrder())
                .putShort(0, (short) SocketCalls.AF_NETLINK).putInt(8, groups).array();
    }

    static int port(byte[] address) {
        return ByteBuffer.wrap(address).order(ByteOrder.nativeOrder()).getInt(4);
    }

    static int groups(byte[] address) {
        return ByteBuffer.wrap(address).order(ByteOrder.nativeOrder()).getInt(8);
    }

    /** A bound NETLINK_KOBJECT_UEVENT socket; port id 0 lets the kernel pick a unique one. */
    static int openUevent(int groups) throws ErrnoException {
        int fd = SocketCalls.socket(SocketCalls.AF_NETLINK, SocketCalls.SOCK_DGRAM, NETLINK_KOBJECT_UEVENT,
                "AF_NETLINK, NETLINK_KOBJECT_UEVENT");
        try {
            SocketCalls.bind(fd, address(groups), "netlink groups " + groups);
            return fd;
        } catch (ErrnoException e) {
            FileCalls.close(fd);
            throw e;
        }
    }

    static int portId(int fd) throws ErrnoException {
        return port(SocketCalls.getsockname(fd, SOCKADDR_NL_SIZE, "netlink socket"));
    }

    static void passCredentials(int fd) throws ErrnoException {
        SocketCalls.setsockopt(fd, SocketCalls.SOL_SOCKET, SocketCalls.SO_PASSCRED, 1, "SO_PASSCRED");
    }

    /** SO_RCVBUFFORCE passes net.core.rmem_max but needs CAP_NET_ADMIN; SO_RCVBUF is capped by it. */
    static void receiveBuffer(int fd, int bytes) throws ErrnoException {
        try {
            SocketCalls.setsockopt(fd, SocketCalls.SOL_SOCKET, SocketCalls.SO_RCVBUFFORCE, bytes, "SO_RCVBUFFORCE");
        } catch (ErrnoException e) {
            if (e.errno() != Errno.EPERM) {
                throw e;
            }
            SocketCalls.setsockopt(fd, SocketCalls.SOL_SOCKET, SocketCalls.SO_RCVBUF, bytes, "SO_RCVBUF");
        }
    }

    static int eventFd() throws ErrnoException {
        return FileCalls.eventfd(FileCalls.EFD_NONBLOCK);
    }

    /** Makes the eventfd readable; a full counter (EAGAIN) is readable already. */
    static void signal(int eventFd) {
        try {
            FileCalls.write(eventFd, ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(1).array(),
                    "eventfd");
        } catch (ErrnoException e) {
            // EAGAIN: the counter is saturated, the fd is readable anyway
        }
    }

    /** Reads the eventfd's counter back to zero, so it is no longer readable. */
    static void consume(int eventFd) {
        try {
            FileCalls.read(eventFd, new byte[8], "eventfd");
        } catch (ErrnoException e) {
            // EAGAIN: another read took it first
        }
    }

    /** The revents of each fd, all zero on timeout or EINTR (callers loop on their deadline). */
    static short[] poll(int[] fds, int timeoutMs) throws ErrnoException {
        try {
            return FileCalls.poll(fds, FileCalls.POLLIN, timeoutMs);
        } catch (ErrnoException e) {
            if (e.errno() != Errno.EINTR) {
                throw e;
            }
            return new short[fds.length];
        }
    }
}
