package org.ctplug.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.ctplug.device.Device;
import org.ctplug.mapping.BackendKind;
import org.ctplug.mapping.MappingEntry;
import org.ctplug.mapping.MappingLoader;
import org.ctplug.netlink.Uevent;
import org.ctplug.netlink.UeventParser;
import org.ctplug.netlink.UeventSender;
import org.ctplug.plan.MatchResult;
import org.ctplug.plan.Matcher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Parse and match throughput on one thread: udevd- and kernel-format messages with the
 * properties real USB serial adapters carry, matched against an eight-entry mapping. One
 * operation is one event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ParseMatchBenchmark {
    private static final String MAPPING = """
            version: 1
            backend: lxc
            devices:
              zigbee: {match: {vendor: "10c4", product: "ea60", serial: "a8b1c2d3e4f5ed11b2c3d4e5f6a7b8c9"}, link: ttyZigbee, containers: [ha]}
              zwave: {match: {vendor: "0658", product: "0200"}, link: ttyZwave, containers: [ha]}
              conbee: {match: {vendor: "1cf1", product: "0030", serial: "DE2436812"}, link: ttyConbee, containers: [z2m]}
              cc2531: {match: {vendor: "0451", product: "16a8", port: "1-1.2"}, link: ttyCc2531, containers: [z2m]}
              quad-a: {match: {vendor: "0403", product: "6011", interface: 0}, link: ttyQuadA, containers: [mod]}
              quad-b: {match: {vendor: "0403", product: "6011", interface: 1}, link: ttyQuadB, containers: [mod]}
              ftdi: {match: {vendor: "0403", product: "6001", serial: "A50285BI"}, link: ttyFtdi, containers: [mod]}
              uart: {match: {kernel: "ttyS[0-3]"}, link: ttyUart, containers: [mod]}
            """;

    private byte[][] messages;
    private List<MappingEntry> entries;
    private int next;

    @Setup
    public void setUp() throws Exception {
        entries = MappingLoader.parse(MAPPING, Path.of("devices.yaml"), BackendKind.LXC).entries();
        List<byte[]> all = new ArrayList<>();
        all.add(UeventSender.udevMessage("add", usb("1-3", "1.0", "ttyUSB0"), usbProps("ttyUSB0", 188, 0, "10c4",
                "ea60", "a8b1c2d3e4f5ed11b2c3d4e5f6a7b8c9", "00", "Silicon_Labs")));
        all.add(UeventSender.udevMessage("add", usb("1-1.2", "1.0", "ttyACM0"), usbProps("ttyACM0", 166, 0, "0451",
                "16a8", "__0X00124B001CDD2F8A", "00", "Texas_Instruments")));
        all.add(UeventSender.udevMessage("remove", usb("1-4", "1.1", "ttyUSB1"), usbProps("ttyUSB1", 188, 1, "0403",
                "6011", "FT4QX7A2", "01", "FTDI")));
        all.add(UeventSender.udevMessage("change", "/devices/pnp0/00:00/00:00:0/00:00:0.0/tty/ttyS0",
                Map.of("SUBSYSTEM", "tty", "DEVNAME", "/dev/ttyS0", "MAJOR", "4", "MINOR", "64", "SEQNUM", "4711",
                        "USEC_INITIALIZED", "3021458", "TAGS", ":systemd:", "CURRENT_TAGS", ":systemd:")));
        Map<String, String> kernel = new LinkedHashMap<>(Map.of("SUBSYSTEM", "tty", "DEVNAME", "ttyACM1",
                "MAJOR", "166", "MINOR", "1", "SEQNUM", "4712"));
        all.add(UeventSender.kernelMessage("add", usb("1-1.3", "1.0", "ttyACM1"), kernel));
        all.add(UeventSender.udevMessage("bind", "/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0",
                Map.of("SUBSYSTEM", "usb", "DEVTYPE", "usb_interface", "DRIVER", "ftdi_sio", "PRODUCT", "403/6001/600",
                        "INTERFACE", "255/255/255", "MODALIAS", "usb:v0403p6001d0600dc00dsc00dp00icFFiscFFipFFin00",
                        "SEQNUM", "4713")));
        messages = all.toArray(byte[][]::new);
    }

    private static String usb(String port, String config, String tty) {
        String base = "/devices/pci0000:00/0000:00:14.0/usb1/" + port + "/" + port + ":" + config;
        return tty.startsWith("ttyUSB") ? base + "/" + tty + "/tty/" + tty : base + "/tty/" + tty;
    }

    /** The properties udevd 252 sends for a USB serial tty after its rules ran. */
    private static Map<String, String> usbProps(String tty, int major, int minor, String vid, String pid,
                                                String serial, String intf, String vendor) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("SUBSYSTEM", "tty");
        p.put("DEVNAME", "/dev/" + tty);
        p.put("SEQNUM", "4710");
        p.put("USEC_INITIALIZED", "812345678");
        p.put("ID_BUS", "usb");
        p.put("ID_VENDOR_ID", vid);
        p.put("ID_MODEL_ID", pid);
        p.put("ID_PCI_CLASS_FROM_DATABASE", "Serial bus controller");
        p.put("ID_VENDOR", vendor);
        p.put("ID_VENDOR_ENC", vendor);
        p.put("ID_MODEL", "USB_Serial");
        p.put("ID_MODEL_ENC", "USB\\x20Serial");
        p.put("ID_REVISION", "0100");
        p.put("ID_SERIAL", vendor + "_USB_Serial_" + serial);
        p.put("ID_SERIAL_SHORT", serial);
        p.put("ID_TYPE", "generic");
        p.put("ID_USB_INTERFACES", ":ffff00:");
        p.put("ID_USB_INTERFACE_NUM", intf);
        p.put("ID_USB_DRIVER", "cp210x");
        p.put("ID_PATH", "pci-0000:00:14.0-usb-0:3:1.0");
        p.put("ID_PATH_TAG", "pci-0000_00_14_0-usb-0_3_1_0");
        p.put("DEVLINKS", "/dev/serial/by-id/usb-" + vendor + "_USB_Serial_" + serial + "-if" + intf + "-port0"
                + " /dev/serial/by-path/pci-0000:00:14.0-usb-0:3:1.0-port0");
        p.put("TAGS", ":systemd:");
        p.put("CURRENT_TAGS", ":systemd:");
        p.put("MAJOR", String.valueOf(major));
        p.put("MINOR", String.valueOf(minor));
        return p;
    }

    private byte[] nextMessage() {
        byte[] m = messages[next];
        next = next + 1 == messages.length ? 0 : next + 1;
        return m;
    }

    @Benchmark
    public Optional<Uevent> parse() {
        byte[] m = nextMessage();
        return UeventParser.parse(m, m.length);
    }

    /** Parse, then test every entry with {@link Matcher#matches}; returns how many matched. */
    @Benchmark
    public int parseAndMatches() {
        byte[] m = nextMessage();
        Optional<Device> device = UeventParser.parse(m, m.length).flatMap(EventDevices::of);
        if (device.isEmpty()) {
            return -1;
        }
        int hits = 0;
        for (MappingEntry e : entries) {
            if (Matcher.matches(e.match(), device.get())) {
                hits++;
            }
        }
        return hits;
    }

    /** Parse, then the full {@link Matcher#match} with its ambiguity checks. */
    @Benchmark
    public Optional<MatchResult> parseAndMatch() {
        byte[] m = nextMessage();
        return UeventParser.parse(m, m.length).flatMap(EventDevices::of)
                .map(d -> Matcher.match(entries, List.of(d)));
    }
}
