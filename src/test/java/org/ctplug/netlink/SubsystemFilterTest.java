package org.ctplug.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.ctplug.sys.DatagramReceiver.Datagram;
import org.junit.jupiter.api.Test;

/** What a socket opened for some subsystems makes of each datagram, after its sender checks. */
class SubsystemFilterTest {

    private static final SubsystemFilter TTY = new SubsystemFilter(Set.of("tty"));
    private static final int PRIVATE_GROUP = 1 << 20;

    /** As root sent it on a group of its own (the kernel group's port check does not apply). */
    private static Datagram fromRoot(byte[] message) {
        return new Datagram(message, false, Netlink.address(PRIVATE_GROUP), OptionalLong.of(0));
    }

    private static Optional<Received> judge(byte[] message, SubsystemFilter filter) {
        return UeventSocket.judge(fromRoot(message), filter);
    }

    private static Uevent passed(Optional<Received> judged) {
        assertThat(judged).containsInstanceOf(Received.Message.class);
        return ((Received.Message) judged.orElseThrow()).event();
    }

    @Test
    void udevMessageOfAWantedSubsystemPasses() {
        byte[] message = UeventSender.udevMessage("add", "/devices/x/tty/ttyUSB0", Map.of("SUBSYSTEM", "tty"));

        assertThat(passed(judge(message, TTY)).devpath()).isEqualTo("/devices/x/tty/ttyUSB0");
    }

    @Test
    void udevMessageOfAnotherSubsystemIsFilteredOut() {
        byte[] message = UeventSender.udevMessage("add", "/devices/virtual/block/zram1", Map.of("SUBSYSTEM", "block"));

        assertThat(judge(message, TTY)).isEmpty();
    }

    /** libudev's socket filter reads only the header's hash, never the properties. */
    @Test
    void udevMessageIsJudgedByItsHeaderHashBeforeItIsParsed() {
        byte[] message = UeventSender.udevMessage("add", "/devices/x/tty/ttyUSB0", Map.of("SUBSYSTEM", "tty"));
        ByteBuffer.wrap(message).order(ByteOrder.BIG_ENDIAN)
                .putInt(UdevHeader.SUBSYSTEM_HASH_OFFSET, UdevHeader.hash32("block"));

        assertThat(judge(message, TTY)).isEmpty();
    }

    /** A hash names a subsystem only almost surely: SUBSYSTEM decides. */
    @Test
    void udevMessageWhoseHashMatchesButWhoseSubsystemDiffersIsFilteredOut() {
        byte[] message = UeventSender.udevMessage("add", "/devices/virtual/block/zram1", Map.of("SUBSYSTEM", "block"));
        ByteBuffer.wrap(message).order(ByteOrder.BIG_ENDIAN)
                .putInt(UdevHeader.SUBSYSTEM_HASH_OFFSET, UdevHeader.hash32("tty"));

        assertThat(judge(message, TTY)).isEmpty();
    }

    @Test
    void kernelMessageOfAWantedSubsystemPasses() {
        byte[] message = UeventSender.kernelMessage("remove", "/devices/x/tty/ttyACM0", Map.of("SUBSYSTEM", "tty"));

        assertThat(passed(judge(message, TTY)).source()).isEqualTo(UeventSource.KERNEL);
    }

    @Test
    void kernelMessageOfAnotherSubsystemIsFilteredOut() {
        byte[] message = UeventSender.kernelMessage("add", "/devices/virtual/misc/tun", Map.of("SUBSYSTEM", "misc"));

        assertThat(judge(message, TTY)).isEmpty();
    }

    @Test
    void messageWithoutSubsystemIsFilteredOut() {
        assertThat(judge(UeventSender.kernelMessage("add", "/devices/x", Map.of()), TTY)).isEmpty();
        assertThat(judge(UeventSender.udevMessage("add", "/devices/x", Map.of()), TTY)).isEmpty();
    }

    /** A move names the device's own subsystem: the daemon still learns where the device was. */
    @Test
    void moveOfAWantedDeviceKeepsItsOldDevpath() {
        byte[] message = UeventSender.kernelMessage("move", "/devices/x/tty/rfcomm1",
                Map.of("SUBSYSTEM", "tty", "DEVPATH_OLD", "/devices/x/tty/rfcomm0"));

        assertThat(passed(judge(message, TTY)).get("DEVPATH_OLD")).contains("/devices/x/tty/rfcomm0");
    }

    @Test
    void everySubsystemOfTheSetPasses() {
        SubsystemFilter both = new SubsystemFilter(Set.of("tty", "block"));

        assertThat(passed(judge(UeventSender.udevMessage("add", "/devices/virtual/block/zram1",
                Map.of("SUBSYSTEM", "block")), both)).subsystem()).contains("block");
        assertThat(passed(judge(UeventSender.kernelMessage("add", "/devices/x/tty/ttyACM0",
                Map.of("SUBSYSTEM", "tty")), both)).subsystem()).contains("tty");
    }

    @Test
    void realCapturesOfTtyS0PassATtyFilterOnly() {
        for (byte[] capture : Captures.ALL) {
            assertThat(judge(capture, TTY)).containsInstanceOf(Received.Message.class);
            assertThat(judge(capture, new SubsystemFilter(Set.of("block")))).isEmpty();
        }
    }

    /** What a lost message said is unknown, so it may have been wanted: the daemon resyncs. */
    @Test
    void truncatedMessageIsReportedWhateverItsSubsystem() {
        byte[] message = UeventSender.udevMessage("add", "/devices/virtual/block/zram1", Map.of("SUBSYSTEM", "block"));
        Datagram truncated = new Datagram(message, true, Netlink.address(PRIVATE_GROUP), OptionalLong.of(0));

        assertThat(UeventSocket.judge(truncated, TTY)).contains(new Received.Dropped("truncated"));
    }

    @Test
    void unparseableMessageIsReported() {
        byte[] junk = "no header at all\0SUBSYSTEM=block\0".getBytes(StandardCharsets.UTF_8);

        assertThat(judge(junk, TTY)).contains(new Received.Dropped("unparseable"));
    }

    /** An impostor is reported, whatever subsystem it claims. */
    @Test
    void messageFromANonRootSenderIsReportedWhateverItsSubsystem() {
        byte[] message = UeventSender.udevMessage("add", "/devices/virtual/block/zram1", Map.of("SUBSYSTEM", "block"));
        Datagram fromUser = new Datagram(message, false, Netlink.address(PRIVATE_GROUP), OptionalLong.of(1000));

        assertThat(UeventSocket.judge(fromUser, TTY)).contains(new Received.Dropped("sender uid 1000 is not root"));
    }

    @Test
    void aFilterNeedsASubsystem() {
        assertThatThrownBy(() -> new SubsystemFilter(Set.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
