package org.ctplug.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UeventSenderTest {

    @Test
    void udevMessageRoundTripsThroughTheParser() {
        byte[] message = UeventSender.udevMessage("add", "/devices/x/tty/ttyUSB0",
                Map.of("SUBSYSTEM", "tty", "DEVNAME", "/dev/ttyUSB0", "DEVLINKS", "/dev/ttyZigbee /dev/serial/by-id/z"));

        Uevent event = UeventParser.parse(message, message.length).orElseThrow();

        assertThat(event.source()).isEqualTo(UeventSource.UDEV);
        assertThat(event.action()).isEqualTo("add");
        assertThat(event.devpath()).isEqualTo("/devices/x/tty/ttyUSB0");
        assertThat(event.devlinks()).containsExactly("/dev/ttyZigbee", "/dev/serial/by-id/z");
    }

    @Test
    void kernelMessageRoundTripsThroughTheParser() {
        byte[] message = UeventSender.kernelMessage("remove", "/devices/x/tty/ttyACM0", Map.of("MAJOR", "166"));

        Uevent event = UeventParser.parse(message, message.length).orElseThrow();

        assertThat(event.source()).isEqualTo(UeventSource.KERNEL);
        assertThat(event.action()).isEqualTo("remove");
        assertThat(event.major()).hasValue(166);
    }

    /** The capture holds udevd's own subsystem hash and tag bloom for SUBSYSTEM=tty, TAGS=:systemd:. */
    @Test
    void udevHeaderMatchesWhatUdevdSends() {
        Uevent captured = UeventParser.parse(Captures.UDEV_ADD, Captures.UDEV_ADD.length).orElseThrow();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("SUBSYSTEM", "tty");
        props.put("TAGS", ":systemd:");

        byte[] message = UeventSender.udevMessage(captured.action(), captured.devpath(), props);

        assertThat(Arrays.copyOfRange(message, 0, UdevHeader.PROPERTIES_LEN_OFFSET))
                .isEqualTo(Arrays.copyOfRange(Captures.UDEV_ADD, 0, UdevHeader.PROPERTIES_LEN_OFFSET));
        assertThat(Arrays.copyOfRange(message, UdevHeader.SUBSYSTEM_HASH_OFFSET, UdevHeader.SIZE))
                .isEqualTo(Arrays.copyOfRange(Captures.UDEV_ADD, UdevHeader.SUBSYSTEM_HASH_OFFSET, UdevHeader.SIZE));
    }

    @Test
    void propertyKeyWithEqualsSignIsRefused() {
        assertThatThrownBy(() -> UeventSender.udevMessage("add", "/devices/x", Map.of("A=B", "c")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
