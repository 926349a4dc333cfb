package org.ctplug.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A burst larger than the receive buffer: the kernel drops uevents and says so once, with ENOBUFS. */
@Tag("host")
class OverflowTest {

    private static final Set<String> TTY = Set.of("tty");

    private static final int GROUP = 1 << 22;

    @Test
    void burstBeyondReceiveBufferReportsOverflowThenMessagesArriveAgain() throws Exception {
        overflowThenRecovery(UeventSender.udevMessage("change", "/devices/test/tty/ttyTEST2",
                Map.of("SUBSYSTEM", "tty")));
    }

    /**
     * Uevents of other subsystems fill the same queue and their loss hides the wanted ones':
     * the overflow is reported though every message of the burst is filtered out, and the
     * drain still ends only once the queue is empty.
     */
    @Test
    void burstOfAnotherSubsystemStillReportsOverflow() throws Exception {
        overflowThenRecovery(UeventSender.udevMessage("change", "/devices/virtual/block/zram9",
                Map.of("SUBSYSTEM", "block")));
    }

    private static void overflowThenRecovery(byte[] filler) throws Exception {
        String marker = UUID.randomUUID().toString();
        try (UeventSocket socket = UeventSocket.open(GROUP, 4096, TTY); UeventSender sender = UeventSender.open()) {
            for (int i = 0; i < 3000; i++) {
                sender.send(GROUP, filler);
            }

            HostSupport.awaitReceived(socket, r -> r instanceof Received.Overflow, Duration.ofSeconds(10));
            // af_netlink.c keeps an overrun socket congested, dropping every multicast silently,
            // until its queue has been read empty
            int drained = 0;
            while (!(socket.receive(Duration.ofMillis(200)) instanceof Received.Timeout)) {
                drained++;
            }
            assertThat(drained).as("datagrams queued behind the overflow").isLessThan(3000);

            sender.send(GROUP, UeventSender.udevMessage("add", "/devices/test/tty/ttyTEST2",
                    Map.of("SUBSYSTEM", "tty", "CTPLUG_TEST", marker)));
            Uevent event = HostSupport.awaitMessage(socket, e -> e.get("CTPLUG_TEST").orElse("").equals(marker),
                    Duration.ofSeconds(10));
            assertThat(event.action()).isEqualTo("add");
        }
    }
}
