package org.ctplug.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntSupplier;
import org.ctplug.sys.FileCalls;
import org.ctplug.sys.SocketCalls;

/**
 * An LXC monitor's command socket as LXC's own serves it (in the abstract namespace, under the name
 * {@link org.ctplug.container.LxcCommandSocket#socketName} gives, {@code <lxcpath>/<name>/command}; a
 * stream socket, one request and one answer per connection), for a container name under an
 * lxcpath of the test's own, so no real container's monitor is reached. Each request is handed to
 * {@code answer}, whose result is the answer's {@code ret} (0: taken), on the server's thread.
 */
public final class FakeMonitor implements AutoCloseable {
    /** struct lxc_cmd_req (16 bytes) and a struct device_item (40), as LxcCommandSocket sends them. */
    private static final int REQUEST = 56;

    private final int fd;
    private final Thread server;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closed;

    private FakeMonitor(int fd, IntSupplier answer) {
        this.fd = fd;
        this.server = new Thread(() -> serve(answer), "fake-lxc-monitor");
        server.setDaemon(true);
        server.start();
    }

    public static FakeMonitor start(Path lxcPath, String name, IntSupplier answer) throws IOException {
        byte[] socketName = org.ctplug.container.LxcCommandSocket.socketName(lxcPath, name);
        byte[] sunPath = new byte[1 + socketName.length];
        System.arraycopy(socketName, 0, sunPath, 1, socketName.length);
        int fd = SocketCalls.socket(SocketCalls.AF_UNIX, SocketCalls.SOCK_STREAM, 0, "fake monitor");
        try {
            SocketCalls.bind(fd, SocketCalls.unixAddress(sunPath), "fake monitor");
            SocketCalls.listen(fd, 8, "fake monitor");
            // accept(2) waits at most SO_RCVTIMEO: the server looks at closed that often
            SocketCalls.setsockopt(fd, SocketCalls.SOL_SOCKET, SocketCalls.SO_RCVTIMEO, SocketCalls.timeval(100),
                    "fake monitor");
        } catch (IOException e) {
            FileCalls.close(fd);
            throw e;
        }
        return new FakeMonitor(fd, answer);
    }

    /** The requests taken so far, each as "cmd type major:minor access allow". */
    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private void serve(IntSupplier answer) {
        while (!closed) {
            int conn;
            try {
                conn = SocketCalls.accept(fd, "fake monitor");
            } catch (org.ctplug.sys.ErrnoException e) {
                if (e.errno() == org.ctplug.sys.Errno.EAGAIN) {
                    continue;
                }
                throw new IllegalStateException(e);
            }
            try {
                byte[] request = new byte[REQUEST];
                if (SocketCalls.recv(conn, request, SocketCalls.MSG_WAITALL, "fake monitor") != REQUEST) {
                    continue;
                }
                ByteBuffer b = ByteBuffer.wrap(request).order(ByteOrder.nativeOrder());
                String access = new String(request, 16 + 12, 4, StandardCharsets.US_ASCII).replace("\0", "");
                requests.add(b.getInt(0) + " " + (char) b.get(16) + " " + b.getInt(20) + ":" + b.getInt(24) + " "
                        + access + " " + b.getInt(32));
                byte[] response = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder())
                        .putInt(0, answer.getAsInt()).array();
                SocketCalls.send(conn, response, SocketCalls.MSG_NOSIGNAL, "fake monitor");
            } catch (IOException e) {
                // the client went away: the next one is served
            } finally {
                FileCalls.close(conn);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        server.join(2000);
        FileCalls.close(fd);
    }
}
