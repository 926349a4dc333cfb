package org.ctplug.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sd_notify(3) without libsystemd: one AF_UNIX datagram per message to {@code $NOTIFY_SOCKET}
 * (a path, or "@name" for the abstract namespace). Java's channels have no AF_UNIX datagrams.
 */
public final class Notifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int MSG_NOSIGNAL = 0x4000;

    interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        int sendto(int fd, byte[] buf, long len, int flags, SockaddrUn addr, int addrlen) throws LastErrorException;

        int close(int fd);
    }

    @Structure.FieldOrder({"sun_family", "sun_path"})
    public static final class SockaddrUn extends Structure {
        public short sun_family;
        public byte[] sun_path = new byte[108];
    }

    private final Optional<SockaddrUn> address;
    private final int addressLength;
    private int fd = -1;

    private Notifier(Optional<String> socket) {
        if (socket.isEmpty() || socket.get().isEmpty()) {
            this.address = Optional.empty();
            this.addressLength = 0;
            return;
        }
        byte[] path = socket.get().getBytes(StandardCharsets.UTF_8);
        if (path.length >= 108 || (path[0] != '/' && path[0] != '@')) {
            LOG.warn("NOTIFY_SOCKET {} is not usable; not notifying systemd", socket.get());
            this.address = Optional.empty();
            this.addressLength = 0;
            return;
        }
        SockaddrUn sa = new SockaddrUn();
        sa.sun_family = AF_UNIX;
        System.arraycopy(path, 0, sa.sun_path, 0, path.length);
        if (path[0] == '@') {
            sa.sun_path[0] = 0; // abstract namespace: the name is not NUL-terminated, its length counts
        }
        this.address = Optional.of(sa);
        this.addressLength = 2 + path.length + (path[0] == '@' ? 0 : 1);
    }

    /** From the environment; a no-op notifier when not started by systemd. */
    public static Notifier fromEnvironment() {
        return new Notifier(Optional.ofNullable(System.getenv("NOTIFY_SOCKET")));
    }

    /** Sends one state string such as "READY=1\nSTATUS=...". Failures are logged, never thrown. */
    public synchronized void send(String state) {
        if (address.isEmpty()) {
            return;
        }
        try {
            if (fd < 0) {
                fd = LibC.INSTANCE.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            }
            byte[] msg = state.getBytes(StandardCharsets.UTF_8);
            LibC.INSTANCE.sendto(fd, msg, msg.length, MSG_NOSIGNAL, address.get(), addressLength);
        } catch (LastErrorException e) {
            LOG.warn("cannot notify systemd: errno {}", e.getErrorCode());
        }
    }

    @Override
    public synchronized void close() {
        if (fd >= 0) {
            LibC.INSTANCE.close(fd);
            fd = -1;
        }
    }
}
