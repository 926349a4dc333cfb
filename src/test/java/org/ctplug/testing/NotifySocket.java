package org.ctplug.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ctplug.sys.Errno;
import org.ctplug.sys.ErrnoException;
import org.ctplug.sys.FileCalls;
import org.ctplug.sys.SocketCalls;

/** What systemd does for Type=notify: a datagram socket that collects sd_notify messages. */
public final class NotifySocket implements AutoCloseable {
    private static final int POLL_MILLIS = 100;

    public final Path path;
    public final List<String> messages = new CopyOnWriteArrayList<>();
    private final int fd;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread reader;

    public NotifySocket(Path path) throws IOException {
        this.path = path;
        fd = SocketCalls.socket(SocketCalls.AF_UNIX, SocketCalls.SOCK_DGRAM, 0, "AF_UNIX");
        try {
            byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
            SocketCalls.bind(fd, SocketCalls.unixAddress(Arrays.copyOf(name, name.length + 1)), path.toString());
            // recv wakes at this interval to see whether the socket is being closed
            SocketCalls.setsockopt(fd, SocketCalls.SOL_SOCKET, SocketCalls.SO_RCVTIMEO,
                    SocketCalls.timeval(POLL_MILLIS), "SO_RCVTIMEO");
        } catch (IOException | RuntimeException e) {
            FileCalls.close(fd);
            throw e;
        }
        reader = new Thread(this::read, "notify-socket");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        byte[] buf = new byte[4096];
        while (!closed.get()) {
            try {
                long n = SocketCalls.recv(fd, buf, 0, path.toString());
                messages.add(new String(buf, 0, (int) n, StandardCharsets.UTF_8));
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EAGAIN && e.errno() != Errno.EINTR) {
                    return;
                }
            }
        }
    }

    public long count(String line) {
        return messages.stream().filter(m -> m.lines().anyMatch(line::equals)).count();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            // the reader leaves within one receive timeout; the fd is closed only then, so its
            // number is not reused under a recv
            try {
                reader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            FileCalls.close(fd);
        }
    }
}
