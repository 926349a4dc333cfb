package org.ctplug.systemd;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.ctplug.sys.ErrnoException;
import org.ctplug.sys.FileCalls;
import org.ctplug.sys.SocketCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sd_notify(3) without libsystemd: one AF_UNIX datagram per message to {@code $NOTIFY_SOCKET}
 * (a path, or "@name" for the abstract namespace). Java's channels have no AF_UNIX datagrams.
 */
public final class Notifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private final Optional<byte[]> address;
    private final String socketName;
    private int fd = -1;

    private Notifier(Optional<String> socket) {
        this.socketName = socket.orElse("");
        this.address = socket.filter(s -> !s.isEmpty()).flatMap(Notifier::address);
    }

    /** sun_path as sd_notify fills it: a path with its NUL, or "@name" as NUL and name without one. */
    private static Optional<byte[]> address(String socket) {
        byte[] name = socket.getBytes(StandardCharsets.UTF_8);
        if (name.length >= SocketCalls.SUN_PATH_SIZE || (name[0] != '/' && name[0] != '@')) {
            LOG.warn("NOTIFY_SOCKET {} is not usable; not notifying systemd", socket);
            return Optional.empty();
        }
        // abstract namespace: the name is not NUL-terminated, its length counts
        boolean abstractName = name[0] == '@';
        byte[] sunPath = Arrays.copyOf(name, abstractName ? name.length : name.length + 1);
        if (abstractName) {
            sunPath[0] = 0;
        }
        return Optional.of(SocketCalls.unixAddress(sunPath));
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
                fd = SocketCalls.socket(SocketCalls.AF_UNIX, SocketCalls.SOCK_DGRAM, 0, "AF_UNIX");
            }
            SocketCalls.sendto(fd, state.getBytes(StandardCharsets.UTF_8), SocketCalls.MSG_NOSIGNAL, address.get(),
                    socketName);
        } catch (ErrnoException e) {
            LOG.warn("cannot notify systemd: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (fd >= 0) {
            FileCalls.close(fd);
            fd = -1;
        }
    }
}
