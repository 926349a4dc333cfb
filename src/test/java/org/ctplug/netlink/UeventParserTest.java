package org.ctplug.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UeventParserTest {

    private static Uevent parse(byte[] buf) {
        return UeventParser.parse(buf, buf.length).orElseThrow();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void kernelMessageGivesActionDevpathAndProperties() {
        Uevent event = parse(Captures.KERNEL_ADD);

        assertThat(event.source()).isEqualTo(UeventSource.KERNEL);
        assertThat(event.action()).isEqualTo("add");
        assertThat(event.devpath()).isEqualTo(Captures.TTYS0_DEVPATH);
        assertThat(event.subsystem()).contains("tty");
        assertThat(event.devname()).contains("ttyS0");
        assertThat(event.major()).hasValue(4);
        assertThat(event.minor()).hasValue(64);
        assertThat(event.get("SEQNUM")).contains("1098");
        assertThat(event.devlinks()).isEmpty();
    }

    @Test
    void udevMessageGivesPropertiesAndDevlinks() {
        Uevent event = parse(Captures.UDEV_CHANGE);

        assertThat(event.source()).isEqualTo(UeventSource.UDEV);
        assertThat(event.action()).isEqualTo("change");
        assertThat(event.devpath()).isEqualTo(Captures.TTYS0_DEVPATH);
        assertThat(event.devname()).contains("/dev/ttyS0");
        assertThat(event.major()).hasValue(4);
        assertThat(event.minor()).hasValue(64);
        assertThat(event.get("CTPLUG_ENTRY")).contains("demo");
        assertThat(event.devlinks()).containsExactly("/dev/ttyDemo", "/dev/serial/by-id/demo-serial-if00");
    }

    @Test
    void everyCaptureParses() {
        for (byte[] capture : Captures.ALL) {
            assertThat(UeventParser.parse(capture, capture.length)).isPresent();
        }
    }

    @Test
    void lengthLimitsWhatIsRead() {
        byte[] padded = Arrays.copyOf(Captures.KERNEL_CHANGE, Captures.KERNEL_CHANGE.length + 100);
        Arrays.fill(padded, Captures.KERNEL_CHANGE.length, padded.length, (byte) 'x');

        Uevent event = UeventParser.parse(padded, Captures.KERNEL_CHANGE.length).orElseThrow();

        assertThat(event.get("SEQNUM")).contains("1099");
    }

    @Test
    void lastPropertyWithoutTerminatingNulIsKept() {
        Uevent event = parse(bytes("add@/devices/x\0ACTION=add\0DEVPATH=/devices/x\0SUBSYSTEM=tty"));

        assertThat(event.subsystem()).contains("tty");
    }

    @Test
    void valueMayContainEqualsSign() {
        Uevent event = parse(bytes("add@/devices/x\0ACTION=add\0DEVPATH=/devices/x\0ID_X=a=b\0"));

        assertThat(event.get("ID_X")).contains("a=b");
    }

    @Test
    void devlinksSplitOnSpacesIgnoringEmptyParts() {
        Uevent event = parse(bytes("add@/devices/x\0ACTION=add\0DEVPATH=/devices/x\0DEVLINKS=/dev/a  /dev/b \0"));

        assertThat(event.devlinks()).containsExactly("/dev/a", "/dev/b");
    }

    @Test
    void nonNumericMajorIsEmpty() {
        Uevent event = parse(bytes("add@/devices/x\0ACTION=add\0DEVPATH=/devices/x\0MAJOR=four\0MINOR=-1\0"));

        assertThat(event.major()).isEmpty();
        assertThat(event.minor()).isEmpty();
    }

    @Test
    void malformedKernelMessagesAreEmpty() {
        String[] malformed = {
            "",
            "\0",
            "add/devices/x\0ACTION=add\0DEVPATH=/devices/x\0",
            "@/devices/x\0ACTION=add\0DEVPATH=/devices/x\0",
            "add@\0ACTION=add\0DEVPATH=/devices/x\0",
            "add@/devices/x\0DEVPATH=/devices/x\0",
            "add@/devices/x\0ACTION=add\0",
            "add@/devices/x\0ACTION=add\0DEVPATH=/devices/x\0NOEQUALS\0",
            "add@/devices/x\0ACTION=add\0DEVPATH=/devices/x\0=value\0",
            "add@/devices/x\0ACTION=\0DEVPATH=/devices/x\0",
        };
        for (String message : malformed) {
            assertThat(UeventParser.parse(bytes(message), message.length())).as(message).isEmpty();
        }
    }

    @Test
    void lengthOutsideTheBufferIsEmpty() {
        assertThat(UeventParser.parse(Captures.KERNEL_ADD, Captures.KERNEL_ADD.length + 1)).isEmpty();
        assertThat(UeventParser.parse(Captures.KERNEL_ADD, -1)).isEmpty();
        assertThat(UeventParser.parse(null, 0)).isEmpty();
    }

    @Test
    void shortUdevMessageIsEmpty() {
        for (int length = 0; length < UdevHeader.SIZE; length++) {
            assertThat(UeventParser.parse(Captures.UDEV_ADD, length)).isEmpty();
        }
    }

    @Test
    void udevMessageWithBadMagicIsEmpty() {
        byte[] bad = Captures.UDEV_ADD.clone();
        bad[UdevHeader.MAGIC_OFFSET] = 0x00;

        assertThat(UeventParser.parse(bad, bad.length)).isEmpty();
    }

    @Test
    void udevMessageWithPropertiesPastTheEndIsEmpty() {
        assertThat(UeventParser.parse(withHostInt(UdevHeader.PROPERTIES_LEN_OFFSET, 100_000), Captures.UDEV_ADD.length))
                .isEmpty();
        assertThat(UeventParser.parse(withHostInt(UdevHeader.PROPERTIES_OFF_OFFSET, Captures.UDEV_ADD.length),
                Captures.UDEV_ADD.length)).isEmpty();
        assertThat(UeventParser.parse(withHostInt(UdevHeader.PROPERTIES_OFF_OFFSET, -8), Captures.UDEV_ADD.length))
                .isEmpty();
        assertThat(UeventParser.parse(withHostInt(UdevHeader.PROPERTIES_LEN_OFFSET, -1), Captures.UDEV_ADD.length))
                .isEmpty();
    }

    @Test
    void udevMessageWithPropertiesInsideTheHeaderIsEmpty() {
        assertThat(UeventParser.parse(withHostInt(UdevHeader.PROPERTIES_OFF_OFFSET, 8), Captures.UDEV_ADD.length))
                .isEmpty();
    }

    @Test
    void udevPropertiesAreReadOnlyWithinPropertiesLength() {
        byte[] message = UeventSender.udevMessage("add", "/devices/x", Map.of("SUBSYSTEM", "tty"));
        int withoutSubsystem = message.length - UdevHeader.SIZE - "SUBSYSTEM=tty\0".length();
        ByteBuffer.wrap(message).order(ByteOrder.nativeOrder())
                .putInt(UdevHeader.PROPERTIES_LEN_OFFSET, withoutSubsystem);

        assertThat(parse(message).subsystem()).isEmpty();
    }

    private static byte[] withHostInt(int offset, int value) {
        byte[] copy = Captures.UDEV_ADD.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.nativeOrder()).putInt(offset, value);
        return copy;
    }
}
