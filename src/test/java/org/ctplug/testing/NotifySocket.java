package org.ctplug.testing;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ctplug.systemd.Notifier;

/** What systemd does for Type=notify: a datagram socket that collects sd_notify messages. */
public final class NotifySocket implements AutoCloseable {
    interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, Notifier.SockaddrUn addr, int len) throws LastErrorException;

        long recv(int fd, byte[] buf, long len, int flags);

        int shutdown(int fd, int how);

        int close(int fd);
    }

    public final Path path;
    public final List<String> messages = new CopyOnWriteArrayList<>();
    private final int fd;
    private final Thread reader;

    public NotifySocket(Path path) {
        this.path = path;
        fd = LibC.INSTANCE.socket(1, 2, 0);
        Notifier.SockaddrUn sa = new Notifier.SockaddrUn();
        sa.sun_family = 1;
        byte[] p = path.toString().getBytes(StandardCharsets.UTF_8);
        System.arraycopy(p, 0, sa.sun_path, 0, p.length);
        LibC.INSTANCE.bind(fd, sa, 2 + p.length + 1);
        reader = new Thread(() -> {
            byte[] buf = new byte[4096];
            while (true) {
                long n = LibC.INSTANCE.recv(fd, buf, buf.length, 0);
                if (n <= 0) {
                    return;
                }
                messages.add(new String(buf, 0, (int) n, StandardCharsets.UTF_8));
            }
        }, "notify-socket");
        reader.setDaemon(true);
        reader.start();
    }

    public long count(String line) {
        return messages.stream().filter(m -> m.lines().anyMatch(line::equals)).count();
    }

    @Override
    public void close() {
        LibC.INSTANCE.shutdown(fd, 2);
        LibC.INSTANCE.close(fd);
    }
}
