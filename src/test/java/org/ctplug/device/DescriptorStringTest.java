package org.ctplug.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.ctplug.testing.FakeSysfs;
import org.ctplug.testing.UsbStick;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** USB descriptor strings are chosen by the device's maker: read them as bytes, keep them whole. */
class DescriptorStringTest {
    @TempDir
    Path root;

    private Device withSerialFile(byte[] content) throws IOException {
        FakeSysfs fs = new FakeSysfs(root).usbSerial(UsbStick.FT232R.withSerial(null));
        FakeSysfs.write(root.resolve("sys/devices/pci0000:00/0000:00:14.0/usb1/1-2/serial"), content);
        return new SysfsScanner(fs.root()).read("ttyUSB0").orElseThrow();
    }

    @Test
    void onlyOneTrailingNewlineIsStripped() throws IOException {
        assertThat(withSerialFile("AB\n\n".getBytes()).serial()).contains("AB\n");
    }

    @Test
    void controlCharactersAreKeptAsTheyAre() throws IOException {
        assertThat(withSerialFile("a\u0001\u001b[2Jb\n".getBytes()).serial()).contains("a\u0001\u001b[2Jb");
    }

    @Test
    void invalidUtf8IsReplaced() throws IOException {
        byte[] bytes = {'A', (byte) 0xff, (byte) 0xc3, 'B', '\n'};

        assertThat(withSerialFile(bytes).serial()).contains("A\ufffd\ufffdB");
    }

    @Test
    void utf8IsDecoded() throws IOException {
        assertThat(withSerialFile("Zürich ☃\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)).serial())
                .contains("Zürich ☃");
    }

    @Test
    void longValuesAreCappedAt256Characters() throws IOException {
        assertThat(withSerialFile(("x".repeat(1000) + "\n").getBytes()).serial()).contains("x".repeat(256));
    }

    @Test
    void kernelFormattedIdsAreLowercased() throws IOException {
        FakeSysfs fs = new FakeSysfs(root).usbSerial(UsbStick.SONOFF_ZBDONGLE_P.withProduct("P"));
        FakeSysfs.write(root.resolve("sys/devices/pci0000:00/0000:00:14.0/usb1/1-3/idProduct"), "EA60\n");

        assertThat(new SysfsScanner(fs.root()).read("ttyUSB0").orElseThrow().product()).contains("ea60");
    }
}
