package org.ctplug.netlink;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * Every libc call of the netlink package. Constants and struct layouts are those of
 * x86_64 and aarch64 Linux (asm-generic values, LP64).
 */
final class NetlinkNative {

    static final int ENOBUFS = 105;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    private static final int EPERM = 1;
    private static final int ECONNREFUSED = 111;

    private static final int AF_NETLINK = 16;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int NETLINK_KOBJECT_UEVENT = 15;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVBUF = 8;
    private static final int SO_PASSCRED = 16;
    private static final int SO_RCVBUFFORCE = 33;
    private static final int SCM_CREDENTIALS = 2;
    private static final int MSG_PEEK = 0x2;
    private static final int MSG_TRUNC = 0x20;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int EFD_CLOEXEC = 0x80000;
    private static final int EFD_NONBLOCK = 0x800;
    static final short POLLIN = 0x1;
    static final short POLLERR = 0x8;
    static final short POLLNVAL = 0x20;
    private static final int SOCKADDR_NL_SIZE = 12;
    private static final int CONTROL_SIZE = 64;

    private NetlinkNative() {
    }

    /** An IOException that keeps the errno, so callers can tell ENOBUFS from real failures. */
    static final class ErrnoException extends IOException {
        private static final long serialVersionUID = 1L;
        final int errno;

        ErrnoException(String call, LastErrorException e) {
            super(call + ": errno " + e.getErrorCode() + " (" + e.getMessage() + ")", e);
            this.errno = e.getErrorCode();
        }
    }

    /** One datagram; {@code uid} is empty when the kernel attached no SCM_CREDENTIALS. */
    record Datagram(byte[] data, boolean truncated, int senderPort, int senderGroups, OptionalLong uid) {
    }

    public interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, SockaddrNl addr, int len) throws LastErrorException;

        int getsockname(int fd, SockaddrNl addr, IntByReference len) throws LastErrorException;

        int setsockopt(int fd, int level, int name, IntByReference value, int len) throws LastErrorException;

        NativeLong recvmsg(int fd, Msghdr msg, int flags) throws LastErrorException;

        NativeLong sendto(int fd, byte[] buf, NativeLong len, int flags, SockaddrNl addr, int addrlen)
                throws LastErrorException;

        int poll(Pointer fds, NativeLong nfds, int timeoutMs) throws LastErrorException;

        int eventfd(int initval, int flags) throws LastErrorException;

        NativeLong write(int fd, Pointer buf, NativeLong count) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    @FieldOrder({"nl_family", "nl_pad", "nl_pid", "nl_groups"})
    public static class SockaddrNl extends Structure {
        public short nl_family = AF_NETLINK;
        public short nl_pad;
        public int nl_pid;
        public int nl_groups;
    }

    @FieldOrder({"iov_base", "iov_len"})
    public static class Iovec extends Structure {
        public Pointer iov_base;
        public NativeLong iov_len;
    }

    @FieldOrder({"msg_name", "msg_namelen", "msg_iov", "msg_iovlen", "msg_control", "msg_controllen", "msg_flags"})
    public static class Msghdr extends Structure {
        public Pointer msg_name;
        public int msg_namelen;
        public Pointer msg_iov;
        public NativeLong msg_iovlen;
        public Pointer msg_control;
        public NativeLong msg_controllen;
        public int msg_flags;
    }

    /** A bound NETLINK_KOBJECT_UEVENT socket; port id 0 lets the kernel pick a unique one. */
    static int openUevent(int groups) throws IOException {
        int fd;
        try {
            fd = LibC.INSTANCE.socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);
        } catch (LastErrorException e) {
            throw new ErrnoException("socket(AF_NETLINK, NETLINK_KOBJECT_UEVENT)", e);
        }
        try {
            SockaddrNl addr = new SockaddrNl();
            addr.nl_groups = groups;
            LibC.INSTANCE.bind(fd, addr, SOCKADDR_NL_SIZE);
            return fd;
        } catch (LastErrorException e) {
            close(fd);
            throw new ErrnoException("bind(netlink groups " + groups + ")", e);
        }
    }

    static int portId(int fd) throws IOException {
        SockaddrNl addr = new SockaddrNl();
        try {
            LibC.INSTANCE.getsockname(fd, addr, new IntByReference(SOCKADDR_NL_SIZE));
        } catch (LastErrorException e) {
            throw new ErrnoException("getsockname", e);
        }
        return addr.nl_pid;
    }

    static void passCredentials(int fd) throws IOException {
        setOption(fd, SO_PASSCRED, 1, "SO_PASSCRED");
    }

    /** SO_RCVBUFFORCE passes net.core.rmem_max but needs CAP_NET_ADMIN; SO_RCVBUF is capped by it. */
    static void receiveBuffer(int fd, int bytes) throws IOException {
        try {
            setOption(fd, SO_RCVBUFFORCE, bytes, "SO_RCVBUFFORCE");
        } catch (ErrnoException e) {
            if (e.errno != EPERM) {
                throw e;
            }
            setOption(fd, SO_RCVBUF, bytes, "SO_RCVBUF");
        }
    }

    private static void setOption(int fd, int option, int value, String name) throws IOException {
        try {
            LibC.INSTANCE.setsockopt(fd, SOL_SOCKET, option, new IntByReference(value), 4);
        } catch (LastErrorException e) {
            throw new ErrnoException("setsockopt(" + name + ")", e);
        }
    }

    static int eventFd() throws IOException {
        try {
            return LibC.INSTANCE.eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        } catch (LastErrorException e) {
            throw new ErrnoException("eventfd", e);
        }
    }

    /** Makes the eventfd readable; a full counter (EAGAIN) is readable already. */
    static void signal(int eventFd) {
        Memory one = new Memory(8);
        one.setLong(0, 1);
        try {
            LibC.INSTANCE.write(eventFd, one, new NativeLong(8));
        } catch (LastErrorException e) {
            // EAGAIN: the counter is saturated, the fd is readable anyway
        }
    }

    /** The revents of each fd, all zero on timeout or EINTR (callers loop on their deadline). */
    static short[] poll(int[] fds, int timeoutMs) throws IOException {
        Memory pollfds = new Memory(8L * fds.length);
        for (int i = 0; i < fds.length; i++) {
            pollfds.setInt(8L * i, fds[i]);
            pollfds.setShort(8L * i + 4, POLLIN);
            pollfds.setShort(8L * i + 6, (short) 0);
        }
        try {
            LibC.INSTANCE.poll(pollfds, new NativeLong(fds.length), timeoutMs);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != EINTR) {
                throw new ErrnoException("poll", e);
            }
        }
        short[] revents = new short[fds.length];
        for (int i = 0; i < fds.length; i++) {
            revents[i] = pollfds.getShort(8L * i + 6);
        }
        return revents;
    }

    /** Multicast to the lowest group of the mask; the kernel needs CAP_NET_ADMIN for it. */
    static void sendTo(int fd, int groups, byte[] message) throws IOException {
        SockaddrNl dest = new SockaddrNl();
        dest.nl_groups = groups;
        try {
            LibC.INSTANCE.sendto(fd, message, new NativeLong(message.length), 0, dest, SOCKADDR_NL_SIZE);
        } catch (LastErrorException e) {
            // udevd ignores ECONNREFUSED as well: it only means nobody listens
            if (e.getErrorCode() != ECONNREFUSED) {
                throw new ErrnoException("sendto(netlink groups " + groups + ")", e);
            }
        }
    }

    static void close(int fd) {
        try {
            LibC.INSTANCE.close(fd);
        } catch (LastErrorException e) {
            // nothing useful to do: the fd is gone either way (close(2), NOTES)
        }
    }

    static boolean wouldBlock(ErrnoException e) {
        return e.errno == EAGAIN;
    }

    /** Native buffers for receiving, reused between calls; one receiving thread at a time. */
    static final class Receiver {
        private static final int MAX_DATAGRAM = 1 << 20;
        private Memory data = new Memory(8192);
        private final Memory control = new Memory(CONTROL_SIZE);
        private final SockaddrNl source = new SockaddrNl();
        private final Iovec iov = new Iovec();
        private final Msghdr msg = new Msghdr();

        /** The length of the next datagram: MSG_TRUNC makes recvmsg return it even when larger. */
        int peekLength(int fd) throws IOException {
            return (int) recvmsg(fd, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT, false);
        }

        /** Grows the buffer up to a sane limit; a larger datagram is then read truncated. */
        void ensureCapacity(int length) {
            if (length > data.size() && data.size() < MAX_DATAGRAM) {
                data = new Memory(Math.min(MAX_DATAGRAM, Math.max(length, 2 * data.size())));
            }
        }

        Datagram receive(int fd) throws IOException {
            int length = (int) Math.min(recvmsg(fd, MSG_DONTWAIT, true), data.size());
            return new Datagram(data.getByteArray(0, length), (msg.msg_flags & MSG_TRUNC) != 0,
                    source.nl_pid, source.nl_groups, credentialsUid());
        }

        private long recvmsg(int fd, int flags, boolean withControl) throws IOException {
            iov.iov_base = data;
            iov.iov_len = new NativeLong(data.size());
            iov.write();
            source.nl_pid = 0;
            source.nl_groups = 0;
            source.write();
            msg.msg_name = source.getPointer();
            msg.msg_namelen = SOCKADDR_NL_SIZE;
            msg.msg_iov = iov.getPointer();
            msg.msg_iovlen = new NativeLong(1);
            msg.msg_control = withControl ? control : null;
            msg.msg_controllen = new NativeLong(withControl ? CONTROL_SIZE : 0);
            msg.msg_flags = 0;
            try {
                long n = LibC.INSTANCE.recvmsg(fd, msg, flags).longValue();
                source.read();
                return n;
            } catch (LastErrorException e) {
                throw new ErrnoException("recvmsg", e);
            }
        }

        /** Walks the cmsghdr list (size_t len, int level, int type, data aligned to size_t). */
        private OptionalLong credentialsUid() {
            long controlLength = Math.min(msg.msg_controllen.longValue(), CONTROL_SIZE);
            int word = Native.SIZE_T_SIZE;
            long header = align(word + 8L, word);
            long pos = 0;
            while (pos + header <= controlLength) {
                long length = word == 8 ? control.getLong(pos) : Integer.toUnsignedLong(control.getInt(pos));
                int level = control.getInt(pos + word);
                int type = control.getInt(pos + word + 4);
                if (length < header || pos + length > controlLength) {
                    break;
                }
                // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
                if (level == SOL_SOCKET && type == SCM_CREDENTIALS && length >= header + 12) {
                    return OptionalLong.of(Integer.toUnsignedLong(control.getInt(pos + header + 4)));
                }
                pos += align(length, word);
            }
            return OptionalLong.empty();
        }

        private static long align(long n, int word) {
            return (n + word - 1) & -word;
        }
    }
}
