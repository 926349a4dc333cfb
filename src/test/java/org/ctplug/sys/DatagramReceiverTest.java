package org.ctplug.sys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * recvmsg's struct layouts, on AF_UNIX datagram sockets in a temporary directory: the data,
 * the sender's address and the credentials the kernel attaches come back as sent.
 */
class DatagramReceiverTest {
    private static final int SOCKADDR_UN_SIZE = 2 + SocketCalls.SUN_PATH_SIZE;

    @TempDir
    Path dir;

    private int receiver = -1;
    private int sender = -1;
    private byte[] receiverAddress;
    private byte[] senderAddress;

    @BeforeEach
    void bindBoth() throws IOException {
        receiverAddress = address(dir.resolve("receiver"));
        senderAddress = address(dir.resolve("sender"));
        receiver = SocketCalls.socket(SocketCalls.AF_UNIX, SocketCalls.SOCK_DGRAM, 0, "AF_UNIX");
        SocketCalls.bind(receiver, receiverAddress, "receiver");
        sender = SocketCalls.socket(SocketCalls.AF_UNIX, SocketCalls.SOCK_DGRAM, 0, "AF_UNIX");
        SocketCalls.bind(sender, senderAddress, "sender");
    }

    @AfterEach
    void closeBoth() {
        FileCalls.close(receiver);
        FileCalls.close(sender);
    }

    @Test
    void aDatagramComesWithItsSenderAndItsCredentials() throws IOException {
        SocketCalls.setsockopt(receiver, SocketCalls.SOL_SOCKET, SocketCalls.SO_PASSCRED, 1, "SO_PASSCRED");
        byte[] message = "READY=1".getBytes(StandardCharsets.UTF_8);
        SocketCalls.sendto(sender, message, 0, receiverAddress, "receiver");

        DatagramReceiver.Datagram d = new DatagramReceiver(SOCKADDR_UN_SIZE, 64).receive(receiver, 0);

        assertThat(d.data()).isEqualTo(message);
        assertThat(d.truncated()).isFalse();
        assertThat(Arrays.copyOf(d.source(), senderAddress.length)).isEqualTo(senderAddress);
        assertThat(d.uid()).hasValue(ownUid());
    }

    @Test
    void withoutSoPasscredThereAreNoCredentials() throws IOException {
        SocketCalls.sendto(sender, new byte[] {1, 2, 3}, 0, receiverAddress, "receiver");

        assertThat(new DatagramReceiver(SOCKADDR_UN_SIZE, 64).receive(receiver, 0).uid()).isEmpty();
    }

    @Test
    void aDatagramUpToTheSizeIsReadWholeInOneCall() throws IOException {
        byte[] message = new byte[3000];
        Arrays.fill(message, (byte) 'x');
        SocketCalls.sendto(sender, message, 0, receiverAddress, "receiver");
        DatagramReceiver r = new DatagramReceiver(SOCKADDR_UN_SIZE, 4096);

        DatagramReceiver.Datagram d = r.receive(receiver, 0);

        assertThat(d.data()).isEqualTo(message);
        assertThat(d.truncated()).isFalse();
    }

    @Test
    void aDatagramBeyondTheLimitIsReadTruncated() throws IOException {
        SocketCalls.sendto(sender, new byte[100], 0, receiverAddress, "receiver");
        DatagramReceiver r = new DatagramReceiver(SOCKADDR_UN_SIZE, 32);

        DatagramReceiver.Datagram d = r.receive(receiver, 0);

        assertThat(d.truncated()).isTrue();
        assertThat(d.data()).hasSize(32);
    }

    @Test
    void nothingQueuedIsEagainWithDontwait() {
        try {
            new DatagramReceiver(SOCKADDR_UN_SIZE, 16).receive(receiver, SocketCalls.MSG_DONTWAIT);
            throw new AssertionError("received from an empty queue");
        } catch (ErrnoException e) {
            assertThat(e.errno()).isEqualTo(Errno.EAGAIN);
        }
    }

    private static byte[] address(Path path) {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        return SocketCalls.unixAddress(Arrays.copyOf(name, name.length + 1));
    }

    private static long ownUid() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                .map(l -> Long.parseLong(l.split("\\s+")[1])).findFirst().orElseThrow();
    }
}
