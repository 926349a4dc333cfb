package org.ctplug.netlink;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Shared steps of the tests that use real sockets, processes and devices. */
final class HostSupport {

    private HostSupport() {
    }

    /** Receives until a message matches, or fails listing what came instead. */
    static Uevent awaitMessage(UeventSocket socket, Predicate<Uevent> wanted, Duration within) throws IOException {
        Received matching = awaitReceived(socket, r -> r instanceof Received.Message m && wanted.test(m.event()),
                within);
        return ((Received.Message) matching).event();
    }

    /** Receives until {@code wanted} holds, returning it, or fails listing what came instead. */
    static Received awaitReceived(UeventSocket socket, Predicate<Received> wanted, Duration within)
            throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        List<Received> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            Received received = socket.receive(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (wanted.test(received)) {
                return received;
            }
            if (seen.size() < 20 && !(received instanceof Received.Timeout)) {
                seen.add(received);
            }
        }
        return fail("nothing wanted within %s; first received: %s", within, seen);
    }
}
