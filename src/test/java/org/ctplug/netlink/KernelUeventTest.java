package org.ctplug.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A real uevent from the kernel: writing an action into a device's uevent file emits one. */
@Tag("host")
class KernelUeventTest {

    private static final Set<String> TTY = Set.of("tty");

    private static final Path TTYS0 = Path.of("/sys/class/tty/ttyS0");

    @Test
    void changeWrittenToTtyS0ArrivesFromTheKernel() throws Exception {
        String devpath = "/" + Path.of("/sys").relativize(TTYS0.toRealPath());
        try (UeventSocket socket = UeventSocket.open(UeventSocket.KERNEL_GROUP, 1 << 20, TTY)) {
            Files.writeString(TTYS0.resolve("uevent"), "change");

            Uevent event = HostSupport.awaitMessage(socket,
                    e -> e.devpath().equals(devpath) && e.action().equals("change"), Duration.ofSeconds(5));

            assertThat(event.source()).isEqualTo(UeventSource.KERNEL);
            assertThat(event.subsystem()).contains("tty");
            assertThat(event.devname()).contains("ttyS0");
            assertThat(event.major()).hasValue(4);
            assertThat(event.minor()).hasValue(64);
        }
    }
}
