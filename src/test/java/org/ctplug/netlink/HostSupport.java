package org.ctplug.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ctplug.testing.Shell;
import java.util.function.Predicate;

/** Shared steps of the tests that use real sockets, processes and devices. */
final class HostSupport {

    private HostSupport() {
    }

    /** Receives until a message matches, remembering everything else for the failure text. */
    static Uevent awaitMessage(UeventSocket socket, Predicate<Uevent> wanted, Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        List<Received> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            Received received = socket.receive(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (received instanceof Received.Message message && wanted.test(message.event())) {
                return message.event();
            }
            if (!(received instanceof Received.Timeout)) {
                seen.add(received);
            }
        }
        return fail("no matching uevent within %s; received instead: %s", within, seen);
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
            if (seen.size() < 20) {
                seen.add(received);
            }
        }
        return fail("nothing wanted within %s; first received: %s", within, seen);
    }

    /** Runs a command to completion and fails with its output when it does not exit 0. */
    static String run(List<String> command) {
        Shell.Out out = Shell.run(command);
        assertThat(out.exit()).as("exit code of %s, output:%n%s%s", command, out.stdout(), out.stderr()).isZero();
        return out.stdout() + out.stderr();
    }
}
