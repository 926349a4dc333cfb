package org.ctplug.netlink;

import org.ctplug.testing.NobodySender;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
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
        try (UeventSocket socket = UeventSocket.open(GROUP, 1 << 20)) {
            HostSupport.run(asNobody(sendCommand(UUID.randomUUID().toString())));

            Received received = HostSupport.awaitReceived(socket, r -> r instanceof Received.Dropped,
                    Duration.ofSeconds(10));

            assertThat(((Received.Dropped) received).reason()).isEqualTo("sender uid 65534 is not root");
        }
    }

    @Test
    void sameMessageFromRootArrives() throws Exception {
        String marker = UUID.randomUUID().toString();
        try (UeventSocket socket = UeventSocket.open(GROUP, 1 << 20)) {
            HostSupport.run(sendCommand(marker));

            Uevent event = HostSupport.awaitMessage(socket, e -> e.get("CTPLUG_TEST").orElse("").equals(marker),
                    Duration.ofSeconds(10));

            assertThat(event.source()).isEqualTo(UeventSource.UDEV);
        }
    }

    private List<String> sendCommand(String marker) {
        return sender.command(false, Integer.toString(GROUP), "1", "add", "/devices/test/tty/ttyTEST1",
                "SUBSYSTEM=tty", "CTPLUG_TEST=" + marker);
    }

    private List<String> asNobody(List<String> command) {
        return sender.command(true, command.subList(command.indexOf(SendUeventMain.class.getName()) + 1,
                command.size()).toArray(String[]::new));
    }
}
