package org.ctplug.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.ctplug.netlink.UeventSender;
import org.ctplug.testing.FakeHost;
import org.ctplug.testing.HostFiles;
import org.ctplug.testing.Tty;
import org.ctplug.testing.UsbStick;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ctplug learn` against real uevents: the entry it appends is valid and keeps the rest of the file. */
@Tag("host")
class LearnCommandTest {
    static final int PRIVATE_GROUP = 1 << 26;

    @TempDir
    Path dir;

    record Learned(int exit, String out, String err) {}

    /** Runs learn in the background until it says "plug the device now", then plugs. */
    private Learned learn(Runnable plug, String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() ->
                Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args));
        await().atMost(Duration.ofSeconds(20)).until(() -> out.toString().contains("plug the device now"));
        // learn opens its socket before it prompts: an event sent now is queued for it
        plug.run();
        return new Learned(exit.get(), out.toString(), err.toString());
    }

    @Test
    void aBuiltinPortGetsAKernelMatchInTheShippedEmptyMapping() throws Exception {
        HostFiles.requireHost();
        Path file = dir.resolve("devices.yaml");
        Files.writeString(file, "version: 1\nbackend: lxc\ndevices: {}\n");
        try {
            Learned r = learn(() -> Tty.event("ttyS0", "add"), "learn", "serial-port", "--container", "ha",
                    "--config", file.toString(), "--timeout", "20");

            assertThat(r.exit()).as(r.err()).isEqualTo(0);
            assertThat(Files.readString(file)).contains("serial-port:", "kernel: \"ttyS0\"", "link: \"ttySerialPort\"");
            assertThat(Main.run("check", "--config", file.toString())).isEqualTo(0);
        } finally {
            Tty.restoreAll();
        }
    }

    @Test
    void entriesAndCommentsOfTheMappingAreKept() throws Exception {
        HostFiles.requireHost();
        Path file = dir.resolve("devices.yaml");
        String original = """
                # the house
                version: 1
                backend: lxc
                devices:
                  # zigbee coordinator
                  zigbee:
                    match: {vendor: "0451", product: "16a8"}   # CC2531
                    link: ttyZigbee
                    containers: [z2m]
                """;
        Files.writeString(file, original);
        try {
            Learned r = learn(() -> Tty.event("ttyS0", "add"), "learn", "console", "--container", "ha",
                    "--config", file.toString(), "--timeout", "20");

            assertThat(r.exit()).as(r.err()).isEqualTo(0);
            assertThat(Files.readString(file)).startsWith(original).contains("console:", "kernel: \"ttyS0\"");
            assertThat(Main.run("check", "--config", file.toString())).isEqualTo(0);
        } finally {
            Tty.restoreAll();
        }
    }

    @Test
    void aSerialWithQuotesGlobsOrControlCharactersGetsAPortMatchInstead() throws Exception {
        FakeHost host = new FakeHost(dir.resolve("root"));
        String hostile = "x\", RUN+=\"/bin/sh -c id\u0007*";
        host.sysfs.usbSerial(UsbStick.FT232R.withSerial(hostile));
        Path file = host.mapping("version: 1\nbackend: lxc\n%TOOLS%\ndevices: {}\n");

        Learned r = learnOn(host, file, "ttyUSB0", "zwave");

        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        String text = Files.readString(file);
        assertThat(text).contains("vendor: \"0403\"", "product: \"6001\"", "port: \"1-2\"")
                .doesNotContain("serial").doesNotContain("RUN").doesNotContain("\u0007");
        assertThat(host.ctplug("check").exit()).isEqualTo(0);
    }

    @Test
    void aPlainSerialIsUsedAndAQuadAdapterGetsItsInterface() throws Exception {
        FakeHost host = new FakeHost(dir.resolve("root"));
        host.sysfs.ftdiQuad();
        Path file = host.mapping("version: 1\nbackend: lxc\n%TOOLS%\ndevices: {}\n");

        Learned r = learnOn(host, file, "ttyUSB2", "port-c");

        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        assertThat(Files.readString(file)).contains("serial: \"FT4QX7A2\"", "interface: 2");
        FakeHost.Run list = host.ctplug("list", "--json");
        assertThat(list.out()).contains("\"entry\": \"port-c\"");
    }

    @Test
    void aMappingWithUtf8CommentsIsReadAndWrittenAsUtf8() throws Exception {
        FakeHost host = new FakeHost(dir.resolve("root"));
        host.sysfs.ftdiQuad();
        Path file = host.mapping("# K\u00fcche \u2014 Stra\u00dfe\nversion: 1\nbackend: lxc\n%TOOLS%\ndevices: {}\n");

        Learned r = learnOn(host, file, "ttyUSB1", "port-b");

        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        assertThat(Files.readString(file)).startsWith("# K\u00fcche \u2014 Stra\u00dfe\nversion: 1\n")
                .contains("port-b:", "interface: 1");
        assertThat(host.ctplug("check").exit()).isEqualTo(0);
    }

    @Test
    void anEditOfTheMappingWhileLearnWaitsIsNeverOverwritten() throws Exception {
        FakeHost host = new FakeHost(dir.resolve("root"));
        host.sysfs.ftdi();
        Path file = host.mapping("version: 1\nbackend: lxc\n%TOOLS%\ndevices: {}\n");
        String edited = Files.readString(file) + "# an edit made while learn waited\n";

        Learned r = learn(() -> {
            try {
                Files.writeString(file, edited);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            send(host.sysfs.devpath("ttyUSB0"), "ttyUSB0");
        }, "learn", "ftdi", "--container", "ha", "--config", file.toString(), "--root", host.root.toString(),
                "--netlink-group", String.valueOf(PRIVATE_GROUP), "--timeout", "20");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(file + " changed while learn waited for the device; nothing written");
        assertThat(Files.readString(file)).isEqualTo(edited);
    }

    @Test
    void aHidrawUpsGetsAHidrawEntryWithItsUsbIdentity() throws Exception {
        FakeHost host = new FakeHost(dir.resolve("root"));
        host.sysfs.hidraw("1-3", "0764", "0501", "CPS1234", 0, 241);
        Path file = host.mapping("version: 1\nbackend: lxc\n%TOOLS%\ndevices: {}\n");

        Learned r = learn(() -> send(host.sysfs.devpath("hidraw0"), "hidraw", "hidraw0"), "learn", "ups",
                "--container", "nut", "--config", file.toString(), "--root", host.root.toString(), "--netlink-group",
                String.valueOf(PRIVATE_GROUP), "--timeout", "20");

        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        assertThat(Files.readString(file)).contains("ups:", "subsystem: hidraw", "vendor: \"0764\"",
                "product: \"0501\"", "serial: \"CPS1234\"").doesNotContain("link:");
        assertThat(r.out()).contains("its node will follow the device into container nut");
        assertThat(host.ctplug("check").exit()).isEqualTo(0);
        assertThat(host.ctplug("list", "--json", "--subsystem", "hidraw").out()).contains("\"entry\": \"ups\"");
    }

    /**
     * As on a real plug, the kernel announces the usb_device before what its drivers make: the
     * stick's tty is what learn takes, not the raw USB device above it.
     */
    @Test
    void aStickIsLearnedAsItsTtyThoughItsUsbDeviceIsAnnouncedFirst() throws Exception {
        FakeHost host = new FakeHost(dir.resolve("root"));
        host.sysfs.cdcAcm();
        Path file = host.mapping("version: 1\nbackend: lxc\n%TOOLS%\ndevices: {}\n");

        Learned r = learn(() -> {
            send(host.sysfs.devpath("1-1"), "usb", "bus/usb/001/002");
            send(host.sysfs.devpath("1-1") + "/1-1:1.0", "usb", "");
            send(host.sysfs.devpath("ttyACM0"), "tty", "ttyACM0");
        }, "learn", "zigbee", "--container", "ha", "--config", file.toString(), "--root", host.root.toString(),
                "--netlink-group", String.valueOf(PRIVATE_GROUP), "--timeout", "20");

        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        assertThat(Files.readString(file)).contains("vendor: \"0451\"", "link: \"ttyZigbee\"")
                .doesNotContain("subsystem");
    }

    @Test
    void aCoralGetsBothOfItsIdsSoItsReEnumerationStaysMatched() throws Exception {
        FakeHost host = new FakeHost(dir.resolve("root"));
        host.sysfs.nextDevnum("2", 2).rawUsb("2-1", "1a6e", "089a", null, "Coral");
        Path file = host.mapping("version: 1\nbackend: lxc\n%TOOLS%\ndevices: {}\n");

        Learned r = learn(() -> send(host.sysfs.devpath("2-1"), "usb", "bus/usb/002/002"), "learn", "coral",
                "--container", "frigate", "--config", file.toString(), "--root", host.root.toString(),
                "--netlink-group", String.valueOf(PRIVATE_GROUP), "--timeout", "20");

        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        assertThat(Files.readString(file)).contains("coral:", "subsystem: usb", "ids: [\"1a6e:089a\", \"18d1:9302\"]",
                "port: \"2-1\"").doesNotContain("vendor:");
        assertThat(host.ctplug("check").exit()).isEqualTo(0);
        // after the firmware load it is another device, which the entry still names
        host.sysfs.unplug("2-1").nextDevnum("2", 3).rawUsb("2-1", "18d1", "9302", null, "Coral");
        assertThat(host.ctplug("list", "--json", "--subsystem", "usb").out()).contains("\"entry\": \"coral\"");
    }

    /** Learns {@code name} for container ha from an add event for a fake host's tty. */
    private Learned learnOn(FakeHost host, Path file, String devname, String name) throws Exception {
        return learn(() -> send(host.sysfs.devpath(devname), devname), "learn", name, "--container", "ha",
                "--config", file.toString(), "--root", host.root.toString(), "--netlink-group",
                String.valueOf(PRIVATE_GROUP), "--timeout", "20");
    }

    private static void send(String devpath, String devname) {
        send(devpath, "tty", devname);
    }

    private static void send(String devpath, String subsystem, String devname) {
        try (UeventSender sender = UeventSender.open()) {
            // an interface has no node, and no DEVNAME
            sender.send(PRIVATE_GROUP, UeventSender.udevMessage("add", devpath, devname.isEmpty()
                    ? Map.of("SUBSYSTEM", subsystem) : Map.of("SUBSYSTEM", subsystem, "DEVNAME", devname)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
