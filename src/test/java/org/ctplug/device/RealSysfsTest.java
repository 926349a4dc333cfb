package org.ctplug.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The scanner against this host's own /sys: the layout no fixture can get wrong. */
class RealSysfsTest {
    private final SysfsScanner scanner = new SysfsScanner(Path.of("/"));

    @Test
    void findsTheFirstSerialPortWithMajor4Minor64() throws IOException {
        // Other host tests write remove/add to ttyS0's uevent; udev then drops and rewrites its
        // database entry, so give it a moment to be initialized again.
        await().atMost(Duration.ofSeconds(10)).until(() -> scanner.read("ttyS0").isPresent());
        List<Device> devices = scanner.scan();
        Optional<Device> ttyS0 = devices.stream().filter(d -> d.devname().equals("ttyS0")).findFirst();

        assertThat(ttyS0).isPresent();
        assertThat(ttyS0.get().major()).isEqualTo(4);
        assertThat(ttyS0.get().minor()).isEqualTo(64);
        String realDir = Path.of("/sys/class/tty/ttyS0").toRealPath().toString();
        assertThat(ttyS0.get().syspath()).isEqualTo(realDir);
        assertThat(ttyS0.get().isUsb()).isFalse();
        // Linux 6.5+ binds serial-base "port"/"ctrl" between UART and tty; the scanner names the UART's driver.
        assertThat(ttyS0.get().driver()).isPresent().get().isNotIn("port", "ctrl");
    }
}
