package org.ctplug.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The socket on a private multicast group of its own, with root as the sender. */
@Tag("host")
class UeventSocketTest {

    private static final Set<String> TTY = Set.of("tty");

    private static final int GROUP = 1 << 23;

    @Test
    void messageFromRootOnPrivateGroupArrives() throws Exception {
        String marker = UUID.randomUUID().toString();
        try (UeventSocket socket = UeventSocket.open(GROUP, 1 << 20, TTY); UeventSender sender = UeventSender.open()) {
            sender.send(GROUP, UeventSender.udevMessage("add", "/devices/test/tty/ttyTEST0",
                    Map.of("SUBSYSTEM", "tty", "CTPLUG_TEST", marker)));

            Uevent event = HostSupport.awaitMessage(socket, e -> e.get("CTPLUG_TEST").orElse("").equals(marker),
                    Duration.ofSeconds(5));

            assertThat(event.source()).isEqualTo(UeventSource.UDEV);
            assertThat(event.devpath()).isEqualTo("/devices/test/tty/ttyTEST0");
        }
    }

    /** Both formats on the same group: only the wanted subsystem's message is returned, and nothing before it. */
    @Test
    void messagesOfOtherSubsystemsAreNotReturned() throws Exception {
        String marker = UUID.randomUUID().toString();
        try (UeventSocket socket = UeventSocket.open(GROUP, 1 << 20, TTY); UeventSender sender = UeventSender.open()) {
            sender.send(GROUP, UeventSender.udevMessage("add", "/devices/virtual/block/zram9",
                    Map.of("SUBSYSTEM", "block", "CTPLUG_TEST", marker)));
            sender.send(GROUP, UeventSender.kernelMessage("add", "/devices/virtual/misc/tun",
                    Map.of("SUBSYSTEM", "misc", "CTPLUG_TEST", marker)));
            sender.send(GROUP, UeventSender.kernelMessage("add", "/devices/test/tty/ttyTEST0",
                    Map.of("SUBSYSTEM", "tty", "CTPLUG_TEST", marker)));

            Received first = HostSupport.awaitReceived(socket, r -> !(r instanceof Received.Timeout),
                    Duration.ofSeconds(5));

            assertThat(first).isInstanceOf(Received.Message.class);
            Uevent event = ((Received.Message) first).event();
            assertThat(event.subsystem()).contains("tty");
            assertThat(event.get("CTPLUG_TEST")).contains(marker);
        }
    }

    @Test
    void receiveReturnsTimeoutWhenNothingArrives() throws Exception {
        try (UeventSocket socket = UeventSocket.open(GROUP, 1 << 20, TTY)) {
            long start = System.nanoTime();

            Received received = socket.receive(Duration.ofMillis(200));

            assertThat(received).isInstanceOfAny(Received.Timeout.class, Received.Message.class);
            if (received instanceof Received.Timeout) {
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(
                        Duration.ofMillis(190), Duration.ofSeconds(2));
            }
        }
    }

    @Test
    void portIdIsTheOneTheKernelAssigned() throws Exception {
        try (UeventSocket first = UeventSocket.open(GROUP, 1 << 20, TTY); UeventSocket second = UeventSocket.open(GROUP, 1 << 20, TTY)) {
            assertThat(first.portId()).isNotZero().isNotEqualTo(second.portId());
        }
    }

    @Test
    void closeFromAnotherThreadWakesBlockedReceive() throws Exception {
        UeventSocket socket = UeventSocket.open(GROUP, 1 << 20, TTY);
        // a close that came before its poll(2) would be answered with Closed all the same
        CompletableFuture<Received> result = receiveInPoll(socket);

        long start = System.nanoTime();
        socket.close();

        assertThat(result.get(2, TimeUnit.SECONDS)).isEqualTo(new Received.Closed());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aNudgeEndsOneReceiveOnlyWhetherItCameBeforeOrDuringIt() throws Exception {
        try (UeventSocket socket = UeventSocket.open(GROUP, 1 << 20, TTY)) {
            socket.nudge();
            socket.nudge();
            assertThat(socket.receive(Duration.ofMinutes(5))).isEqualTo(new Received.Nudged());
            // both nudges were answered by that one receive: the next waits its time out
            assertThat(socket.receive(Duration.ofMillis(100))).isEqualTo(new Received.Timeout());

            CompletableFuture<Received> result = receiveInPoll(socket);
            socket.nudge();

            assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(new Received.Nudged());
        }
    }

    @Test
    void receiveOnClosedSocketReturnsClosed() throws Exception {
        UeventSocket socket = UeventSocket.open(GROUP, 1 << 20, TTY);
        socket.close();
        socket.close();

        assertThat(socket.receive(Duration.ofSeconds(5))).isEqualTo(new Received.Closed());
    }

    @Test
    void messageLargerThanTheInitialBufferArrivesWhole() throws Exception {
        String marker = UUID.randomUUID().toString();
        String big = "x".repeat(40_000);
        try (UeventSocket socket = UeventSocket.open(GROUP, 1 << 20, TTY); UeventSender sender = UeventSender.open()) {
            sender.send(GROUP, UeventSender.udevMessage("add", "/devices/test/tty/ttyTEST0",
                    Map.of("SUBSYSTEM", "tty", "CTPLUG_TEST", marker, "BIG", big)));

            Uevent event = HostSupport.awaitMessage(socket, e -> e.get("CTPLUG_TEST").orElse("").equals(marker),
                    Duration.ofSeconds(5));

            assertThat(event.get("BIG")).contains(big);
        }
    }

    /**
     * Only the kernel sends on group 1 with port id 0. udevd drops such messages by the same
     * rule, so the fake one sent here reaches no other consumer.
     */
    @Test
    void kernelGroupMessageFromUserspacePortIsDropped() throws Exception {
        try (UeventSocket socket = UeventSocket.open(UeventSocket.KERNEL_GROUP, 1 << 20, TTY);
                UeventSender sender = UeventSender.open()) {
            sender.send(UeventSocket.KERNEL_GROUP, UeventSender.kernelMessage("change",
                    "/devices/ctplug-test/tty/ttyTEST0", Map.of("SUBSYSTEM", "tty")));

            Received received = HostSupport.awaitReceived(socket, r -> r instanceof Received.Dropped,
                    Duration.ofSeconds(5));

            assertThat(received).isEqualTo(new Received.Dropped(
                    "kernel-group message from port " + Integer.toUnsignedString(sender.portId())));
        }
    }

    /**
     * A receive on another thread, given time to reach poll(2), that returns the first answer
     * other than a message (the host's own tty events may come meanwhile).
     */
    private static CompletableFuture<Received> receiveInPoll(UeventSocket socket) throws InterruptedException {
        CountDownLatch receiving = new CountDownLatch(1);
        CompletableFuture<Received> result = CompletableFuture.supplyAsync(() -> {
            receiving.countDown();
            try {
                Received received;
                do {
                    received = socket.receive(Duration.ofMinutes(5));
                } while (received instanceof Received.Message || received instanceof Received.Dropped);
                return received;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        receiving.await(5, TimeUnit.SECONDS);
        await().pollDelay(Duration.ofMillis(200)).until(() -> true);
        return result;
    }
}
