package org.ctplug.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.ctplug.testing.NobodySender;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any process with CAP_NET_ADMIN may multicast uevents, whatever its uid; only root's count.
 * The sender runs as a separate JVM so it can run under another uid.
 */
@Tag("host")
class CredentialCheckTest {

    private static final Set<String> TTY = Set.of("tty");

    private static final int GROUP = 1 << 21;

    @TempDir
    Path temp;

    private NobodySender sender;

    @BeforeEach
    void stageSender() throws IOException {
        sender = new NobodySender(temp);
    }

    @Test
    void messageFromNonRootSenderIsDroppedNamingItsUid() throws Exception {
        try (UeventSocket socket = UeventSocket.open(GROUP, 1 << 20, TTY)) {
            sender.send(true, message(UUID.randomUUID().toString()));

            Received received = HostSupport.awaitReceived(socket, r -> r instanceof Received.Dropped,
                    Duration.ofSeconds(10));

            assertThat(((Received.Dropped) received).reason()).isEqualTo("sender uid 65534 is not root");
        }
    }

    @Test
    void sameMessageFromRootArrives() throws Exception {
        String marker = UUID.randomUUID().toString();
        try (UeventSocket socket = UeventSocket.open(GROUP, 1 << 20, TTY)) {
            sender.send(false, message(marker));

            Uevent event = HostSupport.awaitMessage(socket, e -> e.get("CTPLUG_TEST").orElse("").equals(marker),
                    Duration.ofSeconds(10));

            assertThat(event.source()).isEqualTo(UeventSource.UDEV);
        }
    }

    /** SendUeventMain's arguments: one add of a test tty carrying {@code marker}. */
    private static String[] message(String marker) {
        return new String[] {Integer.toString(GROUP), "1", "add", "/devices/test/tty/ttyTEST1", "SUBSYSTEM=tty",
            "CTPLUG_TEST=" + marker};
    }
}
