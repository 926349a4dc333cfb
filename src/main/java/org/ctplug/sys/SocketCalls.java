package org.ctplug.sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * libc's socket calls, for the sockets Java's channels do not offer: netlink, AF_UNIX
 * datagrams and the abstract namespace. Addresses and option values are passed packed, as the
 * code that knows their struct packs them. Every socket is opened close-on-exec.
 */
public final class SocketCalls {
    // include/linux/socket.h, asm-generic/socket.h
    public static final int AF_UNIX = 1;
    public static final int AF_NETLINK = 16;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 02000000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_RCVBUF = 8;
    public static final int SO_PASSCRED = 16;
    public static final int SO_RCVTIMEO = 20;
    public static final int SO_SNDTIMEO = 21;
    public static final int SO_RCVBUFFORCE = 33;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_WAITALL = 0x100;
    public static final int MSG_NOSIGNAL = 0x4000;
    /** sizeof(sun_path) in struct sockaddr_un (include/uapi/linux/un.h). */
    public static final int SUN_PATH_SIZE = 108;

    private SocketCalls() {
    }

    /** @param what the domain and protocol, named for messages */
    public static int socket(int domain, int type, int protocol, String what) throws ErrnoException {
        return ErrnoException.check(Libc.socket(domain, type | SOCK_CLOEXEC, protocol), "socket", what);
    }

    public static void bind(int fd, byte[] address, String what) throws ErrnoException {
        ErrnoException.check(Libc.bind(fd, address, address.length), "bind", what);
    }

    public static void connect(int fd, byte[] address, String what) throws ErrnoException {
        ErrnoException.check(Libc.connect(fd, address, address.length), "connect", what);
    }

    /** Serves a stream socket (as the other end of a socket ctplug connects to, in its tests). */
    public static void listen(int fd, int backlog, String what) throws ErrnoException {
        ErrnoException.check(Libc.listen(fd, backlog), "listen", what);
    }

    /** The next connection on a listening socket, close-on-exec; the peer's address is not asked for. */
    public static int accept(int fd, String what) throws ErrnoException {
        return ErrnoException.check(Libc.accept4(fd, null, null, SOCK_CLOEXEC), "accept4", what);
    }

    /** The socket's own address, as the kernel fills it in, at most {@code size} bytes. */
    public static byte[] getsockname(int fd, int size, String what) throws ErrnoException {
        byte[] address = new byte[size];
        int[] length = {size};
        ErrnoException.check(Libc.getsockname(fd, address, length), "getsockname", what);
        return java.util.Arrays.copyOf(address, Math.min(size, length[0]));
    }

    /** An int option, as most SOL_SOCKET options are. */
    public static void setsockopt(int fd, int level, int option, int value, String what) throws ErrnoException {
        byte[] v = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
        setsockopt(fd, level, option, v, what);
    }

    public static void setsockopt(int fd, int level, int option, byte[] value, String what) throws ErrnoException {
        ErrnoException.check(Libc.setsockopt(fd, level, option, value, value.length), "setsockopt", what);
    }

    /** struct timeval {time_t tv_sec; suseconds_t tv_usec;}: two longs, for SO_RCVTIMEO and SO_SNDTIMEO. */
    public static byte[] timeval(int millis) {
        return ByteBuffer.allocate(16).order(ByteOrder.nativeOrder())
                .putLong(millis / 1000).putLong((millis % 1000) * 1000L).array();
    }

    /**
     * struct sockaddr_un: the family, then {@code sunPath} as given, whose length is the
     * address's: a path ends in its NUL, an abstract name starts with one and has none at its end.
     */
    public static byte[] unixAddress(byte[] sunPath) {
        if (sunPath.length > SUN_PATH_SIZE) {
            throw new IllegalArgumentException("longer than sun_path: " + sunPath.length + " bytes");
        }
        return ByteBuffer.allocate(2 + sunPath.length).order(ByteOrder.nativeOrder())
                .putShort((short) AF_UNIX).put(sunPath).array();
    }

    /** The number of bytes sent. */
    public static long send(int fd, byte[] data, int flags, String what) throws ErrnoException {
        return ErrnoException.check(Libc.send(fd, data, data.length, flags), "send", what);
    }

    public static long sendto(int fd, byte[] data, int flags, byte[] address, String what) throws ErrnoException {
        return ErrnoException.check(Libc.sendto(fd, data, data.length, flags, address, address.length),
                "sendto", what);
    }

    /** The number of bytes received into {@code buffer}; 0 when the peer closed. */
    public static long recv(int fd, byte[] buffer, int flags, String what) throws ErrnoException {
        return ErrnoException.check(Libc.recv(fd, buffer, buffer.length, flags), "recv", what);
    }
}
