package org.ctplug.container;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;

/**
 * The libc calls of the LXC command socket: an AF_UNIX stream socket in the abstract namespace.
 * Java's own unix channels take only file-system paths. Constants are those of x86_64 and
 * aarch64 Linux (asm-generic values, LP64).
 */
final class LxcCommandNative {
    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_PASSCRED = 16;
    private static final int SO_RCVTIMEO = 20;
    private static final int SO_SNDTIMEO = 21;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int MSG_WAITALL = 0x100;

    interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        int setsockopt(int fd, int level, int name, byte[] value, int len) throws LastErrorException;

        int connect(int fd, byte[] addr, int len) throws LastErrorException;

        NativeLong send(int fd, byte[] buf, NativeLong len, int flags) throws LastErrorException;

        NativeLong recv(int fd, byte[] buf, NativeLong len, int flags) throws LastErrorException;

        int close(int fd);
    }

    private LxcCommandNative() {}

    /**
     * Connects to the abstract socket {@code name} (without its leading NUL), sends
     * {@code request} in one write and reads exactly {@code responseSize} bytes, each step
     * bounded by {@code timeoutMillis}.
     */
    static byte[] exchange(byte[] name, byte[] request, int responseSize, int timeoutMillis) throws IOException {
        LibC c = LibC.INSTANCE;
        int fd;
        try {
            fd = c.socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw error("socket", e);
        }
        try {
            // LXC reads the caller's credentials from SCM_CREDENTIALS on the request
            c.setsockopt(fd, SOL_SOCKET, SO_PASSCRED, intBytes(1), 4);
            byte[] timeout = timeval(timeoutMillis);
            c.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeout, timeout.length);
            c.setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, timeout, timeout.length);
            byte[] addr = new byte[2 + 1 + name.length];
            addr[java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? 0 : 1] = AF_UNIX; // sa_family_t
            System.arraycopy(name, 0, addr, 3, name.length); // addr[2] = 0: the abstract namespace
            call("connect", () -> c.connect(fd, addr, addr.length));
            long sent = c.send(fd, request, new NativeLong(request.length), MSG_NOSIGNAL).longValue();
            if (sent != request.length) {
                throw new IOException("send: " + sent + " of " + request.length + " bytes");
            }
            byte[] response = new byte[responseSize];
            long got = c.recv(fd, response, new NativeLong(responseSize), MSG_WAITALL).longValue();
            if (got != responseSize) {
                throw new IOException("recv: " + got + " of " + responseSize + " bytes (the monitor closed the socket)");
            }
            return response;
        } catch (LastErrorException e) {
            throw error("command socket", e);
        } finally {
            c.close(fd);
        }
    }

    private interface Call {
        int run() throws LastErrorException;
    }

    private static void call(String what, Call call) throws IOException {
        try {
            call.run();
        } catch (LastErrorException e) {
            throw error(what, e);
        }
    }

    private static IOException error(String call, LastErrorException e) {
        return new IOException(call + ": errno " + e.getErrorCode() + " (" + e.getMessage() + ")", e);
    }

    private static byte[] intBytes(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    /** struct timeval: two longs, seconds and microseconds. */
    private static byte[] timeval(int millis) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.nativeOrder());
        b.putLong(millis / 1000).putLong((millis % 1000) * 1000L);
        return b.array();
    }
}
