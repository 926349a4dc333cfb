package org.ctplug.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays out a sysfs tree (and udev's database) under a test's root directory the way the kernel
 * lays out real devices, so code under test reads it exactly as it would read {@code /sys}:
 * <pre>
 * sys/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1.2/            usb_device: idVendor, serial...
 *     .../1-1.2/1-1.2:1.0/                                       usb_interface: bInterfaceNumber, driver
 *     .../1-1.2:1.0/tty/ttyACM0/                                 cdc_acm: dev, uevent, device -> ../..
 *     .../1-2/1-2:1.0/ttyUSB0/tty/ttyUSB0/                       usb-serial: port device, then tty
 * sys/class/tty/ttyACM0 -> ../../devices/.../tty/ttyACM0
 * run/udev/data/c166:0, run/udev/control
 * </pre>
 * Unchecked exceptions only, so fixtures read as one line each in a test.
 */
public final class FakeSysfs {
    private static final String CONTROLLER = "sys/devices/pci0000:00/0000:00:14.0";
    /** USB_CLASS_HUB (include/uapi/linux/usb/ch9.h). */
    private static final String HUB_CLASS = "09";
    private static final int HUB_PORTS = 4;

    /** A device node of the tree: its kind's class entry (or bus entry) links to {@code dir}. */
    private record Tty(char type, int major, int minor, Path dir, Path usbDevice, Path classEntry) {}

    private final Path root;
    private final Map<String, Tty> ttys = new LinkedHashMap<>();
    private final Map<String, Integer> nextDevnum = new java.util.HashMap<>();
    private int nextHid = 1;

    public FakeSysfs(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    // ---- presets -------------------------------------------------------------------------

    /** TI CC2531 on port 1-1: ttyACM0, 166:0, driver cdc_acm. */
    public FakeSysfs cdcAcm() {
        return usbSerial(UsbStick.CC2531);
    }

    public FakeSysfs cdcAcm(String port, int minor) {
        return usbSerial(UsbStick.CC2531.at(port).withFirstMinor(minor));
    }

    /** FT232R on port 1-2: ttyUSB0, 188:0, driver ftdi_sio on the ttyUSB0 port device. */
    public FakeSysfs ftdi() {
        return usbSerial(UsbStick.FT232R);
    }

    public FakeSysfs ftdi(String port, int minor) {
        return usbSerial(UsbStick.FT232R.at(port).withFirstMinor(minor));
    }

    /** Sonoff ZBDongle-P (CP2102N) on port 1-3: ttyUSB0, 188:0, driver cp210x. */
    public FakeSysfs cp210x() {
        return usbSerial(UsbStick.SONOFF_ZBDONGLE_P);
    }

    /** FT4232H on port 1-4: interfaces 0-3 give ttyUSB0..ttyUSB3, 188:0..3. */
    public FakeSysfs ftdiQuad() {
        return usbSerial(UsbStick.FT4232H);
    }

    /** Two CC2531 behind a hub, ports 1-1.1 (ttyACM0, serial ...A1) and 1-1.2 (ttyACM1, serial ...B2). */
    public FakeSysfs twoIdenticalSticks() {
        usbSerial(UsbStick.CC2531.at("1-1.1").withSerial("__0X00124B0018ED11A1"));
        return usbSerial(UsbStick.CC2531.at("1-1.2").withSerial("__0X00124B0018ED22B2").withFirstMinor(1));
    }

    /** CH340 on port 1-5 with no serial and no manufacturer file: ttyUSB0, driver ch341. */
    public FakeSysfs stickWithoutSerial() {
        return usbSerial(UsbStick.CH340);
    }

    /** The first 8250 UART as a platform device: ttyS0, 4:64, driver serial8250, no USB parent. */
    public FakeSysfs builtinTtyS0() {
        Path platform = dir("sys/devices/platform/serial8250");
        bind(platform, "platform", "serial8250");
        tty("ttyS0", 4, 64, platform, null);
        return this;
    }

    /**
     * ttyS0 as Linux 6.5+ shows a PNP-enumerated UART (this is the layout of the Debian VMs
     * ctplug is tested on): {@code pnp0/00:00} (driver serial) / serial-base controller
     * {@code 00:00:0} (driver ctrl) / serial-base port {@code 00:00:0.0} (driver port) / tty.
     */
    public FakeSysfs pnpTtyS0() {
        Path pnp = dir("sys/devices/pnp0/00:00");
        write(pnp.resolve("id"), "PNP0501\n");
        bind(pnp, "pnp", "serial");
        Path ctrl = dir(pnp, "00:00:0");
        bind(ctrl, "serial-base", "ctrl");
        Path port = dir(ctrl, "00:00:0.0");
        bind(port, "serial-base", "port");
        tty("ttyS0", 4, 64, port, null);
        return this;
    }

    /** A tty with no parent device, as the virtual consoles: {@code sys/devices/virtual/tty/NAME}. */
    public FakeSysfs virtualTty(String name, int major, int minor) {
        tty(name, major, minor, dir("sys/devices/virtual"), null);
        return this;
    }

    // ---- the general builder -------------------------------------------------------------

    /** Plugs {@code stick} in: hubs on the way, the usb_device, its interfaces and ttys. */
    public FakeSysfs usbSerial(UsbStick stick) {
        Path device = usbDevice(stick.port(), stick.vid(), stick.pid(), stick.serial(), stick.manufacturer(),
                stick.product(), stick.usbSerialBus() ? "00" : "02");
        for (int i = 0; i < stick.interfaces(); i++) {
            if (stick.usbSerialBus()) {
                Path intf = usbInterface(device, stick, i, "ff");
                Path serialPort = dir(intf, stick.ttyName(i));
                write(serialPort.resolve("port_number"), "0\n");
                write(serialPort.resolve("uevent"), "DRIVER=" + stick.driver() + "\n");
                bind(serialPort, "usb-serial", stick.driver());
                tty(stick.ttyName(i), stick.major(), stick.firstMinor() + i, serialPort, device);
            } else {
                // CDC ACM: a communication interface with the tty, then its data interface.
                Path comm = usbInterface(device, stick, 2 * i, "02");
                usbInterface(device, stick, 2 * i + 1, "0a");
                tty(stick.ttyName(i), stick.major(), stick.firstMinor() + i, comm, device);
            }
        }
        return this;
    }

    /**
     * A hub in {@code port} with its own descriptors (a serial, as some industrial hubs carry):
     * devices plugged in below it later sit in its ports, {@code port.1} and so on.
     */
    public FakeSysfs hub(String port, String vid, String pid, String serial) {
        usbDevice(port, vid, pid, serial, "Hub maker", "USB Hub", HUB_CLASS);
        return this;
    }

    // ---- other kinds ---------------------------------------------------------------------

    /** The next device plugged into {@code bus} gets {@code devnum} (the kernel takes the lowest free one). */
    public FakeSysfs nextDevnum(String bus, int devnum) {
        nextDevnum.put(bus, devnum - 2);
        return this;
    }

    /**
     * A raw USB device in {@code port} with one vendor-specific interface and no driver bound, as
     * a Google Coral accelerator before its runtime claims it: its node is the usb_device's own,
     * {@code bus/usb/BBB/DDD}, c 189:(busnum-1)*128+devnum-1.
     */
    public FakeSysfs rawUsb(String port, String vid, String pid, String serial, String product) {
        Path device = usbDevice(port, vid, pid, serial, "Maker", product, "00");
        usbInterface(device, 0, "ff", null);
        return this;
    }

    /**
     * A USB HID device (a UPS, say) in {@code port}: usb_device / interface 1.0 (usbhid) / HID
     * device {@code 0003:VVVV:PPPP.NNNN} (hid-generic) / {@code hidraw/hidrawN}.
     */
    public FakeSysfs hidraw(String port, String vid, String pid, String serial, int index, int major) {
        Path device = usbDevice(port, vid, pid, serial, "Maker", "UPS", "00");
        Path hid = hidDevice(device, vid, pid);
        classDevice("hidraw", "hidraw" + index, "hidraw" + index, 'c', major, index, hid, "hidraw", device);
        return this;
    }

    /** A USB webcam (uvcvideo) in {@code port}: {@code video4linux/videoN} and its metadata node N+1 under interface 1.0. */
    public FakeSysfs webcam(String port, String vid, String pid, int firstIndex) {
        Path device = usbDevice(port, vid, pid, null, "Maker", "Webcam", "ef");
        Path control = usbInterface(device, 0, "0e", "uvcvideo");
        usbInterface(device, 1, "0e", "uvcvideo");
        for (int i = firstIndex; i < firstIndex + 2; i++) {
            classDevice("video4linux", "video" + i, "video" + i, 'c', 81, i, control, "video4linux", device);
        }
        return this;
    }

    /** A USB keyboard in {@code port}: HID device / {@code input/inputN} (no node) / {@code eventN} (13:64+N). */
    public FakeSysfs keyboard(String port, String vid, String pid, int index) {
        Path device = usbDevice(port, vid, pid, null, "Maker", "Keyboard", "00");
        Path hid = hidDevice(device, vid, pid);
        Path input = dir(hid, "input/input" + (index + 10));
        write(input.resolve("uevent"), "PRODUCT=3/" + vid + "/" + pid + "/110\n");
        TreeFiles.link(input.resolve("subsystem"), dir("sys/class/input"));
        TreeFiles.link(input.resolve("device"), hid);
        TreeFiles.link(root.resolve("sys/class/input").resolve(input.getFileName().toString()), input);
        classDevice("input", "event" + index, "input/event" + index, 'c', 13, 64 + index, input, null, device);
        return this;
    }

    /**
     * A GPU as a PCI function at {@code slot} (vendor and device "0x%04x", class 0x030000, driver
     * i915): {@code drm/card0} (226:0, DEVNAME dri/card0), {@code drm/renderD128} (226:128) and a
     * connector {@code card0-HDMI-A-1} below card0, listed in the class but without a node.
     */
    public FakeSysfs gpu(String slot, String vendor, String device) {
        Path pci = dir("sys/devices/pci0000:00/" + slot);
        write(pci.resolve("vendor"), "0x" + vendor + "\n");
        write(pci.resolve("device"), "0x" + device + "\n");
        write(pci.resolve("class"), "0x030000\n");
        bind(pci, "pci", "i915");
        Path card = classDevice("drm", "card0", "dri/card0", 'c', 226, 0, pci, "drm", null);
        classDevice("drm", "renderD128", "dri/renderD128", 'c', 226, 128, pci, "drm", null);
        Path connector = dir(card, "card0-HDMI-A-1");
        write(connector.resolve("uevent"), "DEVTYPE=drm_connector\n");
        write(connector.resolve("status"), "disconnected\n");
        TreeFiles.link(connector.resolve("subsystem"), dir("sys/class/drm"));
        TreeFiles.link(connector.resolve("device"), card);
        TreeFiles.link(root.resolve("sys/class/drm/card0-HDMI-A-1"), connector);
        return this;
    }

    /**
     * A USB disk (usb-storage) in {@code port}: usb_device / interface / SCSI host, target and
     * device (with the SCSI {@code vendor} attribute, padded as the kernel prints it) /
     * {@code block/NAME} (8:minor, DEVTYPE=disk) and its partitions NAME1.. (DEVTYPE=partition).
     */
    public FakeSysfs usbDisk(String port, String vid, String pid, String serial, String name, int minor,
                             int partitions) {
        Path device = usbDevice(port, vid, pid, serial, "Maker", "Disk", "00");
        Path intf = usbInterface(device, 0, "08", "usb-storage");
        Path scsi = dir(intf, "host0/target0:0:0/0:0:0:0");
        write(scsi.resolve("vendor"), "Samsung \n");
        bind(scsi, "scsi", "sd");
        Path disk = classDevice("block", name, name, 'b', 8, minor, scsi, "block", device);
        for (int i = 1; i <= partitions; i++) {
            String part = name + i;
            Path dir = dir(disk, part);
            write(dir.resolve("dev"), "8:" + (minor + i) + "\n");
            write(dir.resolve("partition"), i + "\n");
            write(dir.resolve("uevent"), "MAJOR=8\nMINOR=" + (minor + i) + "\nDEVNAME=" + part
                    + "\nDEVTYPE=partition\nPARTN=" + i + "\n");
            TreeFiles.link(dir.resolve("subsystem"), dir("sys/class/block"));
            node(part, 'b', 8, minor + i, dir, device, root.resolve("sys/class/block").resolve(part), true);
        }
        return this;
    }

    /** {@code misc/tun}, built into the kernel: 10:200, DEVNAME net/tun, below /sys/devices/virtual. */
    public FakeSysfs tun() {
        classDevice("misc", "tun", "net/tun", 'c', 10, 200, dir("sys/devices/virtual"), "misc", null);
        return this;
    }

    /** {@code block/zramN}, a virtual block device with the (dynamic) zram major. */
    public FakeSysfs zram(int index, int major) {
        classDevice("block", "zram" + index, "zram" + index, 'b', major, index, dir("sys/devices/virtual"), "block",
                null);
        return this;
    }

    private Path hidDevice(Path usbDevice, String vid, String pid) {
        Path intf = usbInterface(usbDevice, 0, "03", "usbhid");
        Path hid = dir(intf, String.format("0003:%s:%s.%04X", vid.toUpperCase(java.util.Locale.ROOT),
                pid.toUpperCase(java.util.Locale.ROOT), nextHid++));
        bind(hid, "hid", "hid-generic");
        return hid;
    }

    // ---- udev ----------------------------------------------------------------------------

    /** udevd runs: from now on only ttys with a database file are initialized. */
    public FakeSysfs udevRunning() {
        write(root.resolve("run/udev/control"), "");
        return this;
    }

    /** udev initialized {@code devname} and made these links ({@code ttyZigbee} or {@code /dev/ttyZigbee}). */
    public FakeSysfs udev(String devname, String... links) {
        udevRunning();
        Tty tty = tty(devname);
        StringBuilder db = new StringBuilder("I:1234567\n");
        for (String link : links) {
            db.append("S:").append(link.startsWith("/dev/") ? link.substring(5) : link).append('\n');
        }
        db.append("L:0\nG:systemd\nQ:systemd\nV:1\n");
        write(udevDb(tty), db.toString());
        return this;
    }

    /** udev handled a {@code remove} for {@code devname}: its database file is gone, sysfs stays. */
    public FakeSysfs udevRemoved(String devname) {
        TreeFiles.delete(udevDb(tty(devname)));
        return this;
    }

    /** Unplugs the USB device carrying {@code devname} (all its ttys), or removes the tty itself. */
    public FakeSysfs unplug(String devname) {
        Tty tty = tty(devname);
        Path gone = tty.usbDevice() != null ? tty.usbDevice() : tty.dir();
        for (var e : List.copyOf(ttys.entrySet())) {
            if (e.getValue().dir().startsWith(gone)) {
                TreeFiles.delete(e.getValue().classEntry());
                TreeFiles.delete(devLink(e.getValue()));
                TreeFiles.delete(udevDb(e.getValue()));
                ttys.remove(e.getKey());
            }
        }
        try (var links = Files.list(root.resolve("sys/bus/usb/devices"))) {
            for (Path link : links.toList()) {
                if (Files.isSymbolicLink(link) && link.getParent().resolve(Files.readSymbolicLink(link)).normalize()
                        .startsWith(gone)) {
                    TreeFiles.delete(link);
                }
            }
        } catch (java.nio.file.NoSuchFileException none) {
            // no USB device in this tree
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        TreeFiles.delete(gone);
        return this;
    }

    /** The devpath of a tty made here, as the kernel reports it: {@code /devices/.../tty/NAME}. */
    public String devpath(String devname) {
        return "/" + root.resolve("sys").relativize(tty(devname).dir());
    }

    // ---- layout helpers ------------------------------------------------------------------

    private Path usbDevice(String port, String vid, String pid, String serial, String manufacturer, String product,
                           String deviceClass) {
        int dash = port.indexOf('-');
        String bus = port.substring(0, dash);
        Path controller = dir(CONTROLLER);
        if (!Files.exists(controller.resolve("driver"))) {
            // the host controller is a PCI function with ids of its own (Intel's xHCI here),
            // which no node below a usb_device may take for its identity
            write(controller.resolve("vendor"), "0x8086\n");
            write(controller.resolve("device"), "0xa36d\n");
            write(controller.resolve("class"), "0x0c0330\n");
            bind(controller, "pci", "xhci_hcd");
        }
        Path parent = controller.resolve("usb" + bus);
        if (!Files.exists(parent)) {
            usbAttributes(TreeFiles.dir(parent), bus, 1, "1d6b", "0002", "0000:00:14.0", "Linux xhci-hcd",
                    "xHCI Host Controller", HUB_CLASS);
        }
        String[] hops = port.substring(dash + 1).split("\\.");
        String path = bus + "-" + hops[0];
        for (int i = 0; ; i++) {
            Path next = parent.resolve(path);
            if (i == hops.length - 1) {
                if (Files.exists(next)) {
                    throw new IllegalStateException("port " + port + " is taken");
                }
                usbAttributes(TreeFiles.dir(next), bus, devnum(bus), vid, pid, serial, manufacturer, product,
                        deviceClass);
                return next;
            }
            if (!Files.exists(next)) {
                usbAttributes(TreeFiles.dir(next), bus, devnum(bus), "05e3", "0610", null, "GenesysLogic", "USB2.0 Hub",
                        HUB_CLASS);
            }
            parent = next;
            path = path + "." + hops[i + 1];
        }
    }

    private void usbAttributes(Path device, String bus, int devnum, String vid, String pid,
                               String serial, String manufacturer, String product, String deviceClass) {
        write(device.resolve("idVendor"), vid + "\n");
        write(device.resolve("idProduct"), pid + "\n");
        write(device.resolve("busnum"), bus + "\n");
        write(device.resolve("devnum"), devnum + "\n");
        write(device.resolve("bConfigurationValue"), "1\n");
        write(device.resolve("dev"), "189:" + ((Integer.parseInt(bus) - 1) * 128 + devnum - 1) + "\n");
        write(device.resolve("uevent"), String.format("MAJOR=189%nMINOR=%d%nDEVNAME=bus/usb/%03d/%03d%n"
                        + "DEVTYPE=usb_device%nDRIVER=usb%n", (Integer.parseInt(bus) - 1) * 128 + devnum - 1,
                Integer.parseInt(bus), devnum));
        optional(device.resolve("serial"), serial);
        optional(device.resolve("manufacturer"), manufacturer);
        optional(device.resolve("product"), product);
        // bDeviceClass is "%02x"; maxchild, the number of downstream ports, is 0 but for hubs
        // (drivers/usb/core/sysfs.c). Children of a hub sit in its usb_device directory, not in
        // its interface, which is why no usb_interface of a hub is above them.
        write(device.resolve("bDeviceClass"), deviceClass + "\n");
        boolean hub = deviceClass.equals(HUB_CLASS);
        write(device.resolve("maxchild"), (hub ? HUB_PORTS : 0) + "\n");
        bind(device, "usb", "usb");
        // every device and interface is listed on its bus (drivers/base/bus.c: bus_add_device)
        busLink(device);
        int minor = (Integer.parseInt(bus) - 1) * 128 + devnum - 1;
        node(device.getFileName().toString(), 'c', 189, minor, device, device,
                root.resolve("sys/bus/usb/devices").resolve(device.getFileName().toString()), false);
        if (hub) {
            // a root hub usbN names its interface N-0:1.0
            String name = device.getFileName().toString();
            Path intf = dir(device, (name.startsWith("usb") ? bus + "-0" : name) + ":1.0");
            write(intf.resolve("bInterfaceNumber"), "00\n");
            write(intf.resolve("bInterfaceClass"), HUB_CLASS + "\n");
            write(intf.resolve("uevent"), "DEVTYPE=usb_interface\nDRIVER=hub\n");
            bind(intf, "usb", "hub");
            busLink(intf);
        }
    }

    private Path usbInterface(Path device, UsbStick stick, int number, String interfaceClass) {
        Path intf = dir(device, device.getFileName() + ":1." + number);
        // bInterfaceNumber and bInterfaceClass are "%02x" (drivers/usb/core/sysfs.c).
        write(intf.resolve("bInterfaceNumber"), String.format("%02x%n", number));
        write(intf.resolve("bInterfaceClass"), interfaceClass + "\n");
        write(intf.resolve("bAlternateSetting"), " 0\n");
        return usbInterface(device, number, interfaceClass, stick.driver());
    }

    private Path usbInterface(Path device, int number, String interfaceClass, String driver) {
        Path intf = dir(device, device.getFileName() + ":1." + number);
        // bInterfaceNumber and bInterfaceClass are "%02x" (drivers/usb/core/sysfs.c).
        write(intf.resolve("bInterfaceNumber"), String.format("%02x%n", number));
        write(intf.resolve("bInterfaceClass"), interfaceClass + "\n");
        write(intf.resolve("bAlternateSetting"), " 0\n");
        write(intf.resolve("uevent"), "DEVTYPE=usb_interface\n" + (driver == null ? "" : "DRIVER=" + driver + "\n"));
        if (driver == null) {
            TreeFiles.link(intf.resolve("subsystem"), dir("sys/bus/usb"));
        } else {
            bind(intf, "usb", driver);
        }
        busLink(intf);
        return intf;
    }

    private void tty(String name, int major, int minor, Path parent, Path usbDevice) {
        classDevice("tty", name, name, 'c', major, minor, parent, "tty", usbDevice);
    }

    /**
     * A class device {@code parent/glue/name} with a node, as device_add makes it: {@code dev},
     * {@code uevent}, {@code subsystem} into {@code sys/class/CLASS}, {@code device} to the parent
     * (none for virtual devices), the class entry, and {@code sys/dev/char/MAJ:MIN}.
     */
    private Path classDevice(String cls, String name, String devname, char type, int major, int minor, Path parent,
                             String glue, Path usbDevice) {
        if (ttys.containsKey(name)) {
            throw new IllegalStateException(name + " exists already");
        }
        Path dir = dir(glue == null ? parent : parent.resolve(glue), name);
        write(dir.resolve("dev"), major + ":" + minor + "\n");
        write(dir.resolve("uevent"), "MAJOR=" + major + "\nMINOR=" + minor + "\nDEVNAME=" + devname + "\n"
                + (cls.equals("block") ? "DEVTYPE=disk\n" : ""));
        dir(dir, "power");
        TreeFiles.link(dir.resolve("subsystem"), dir("sys/class/" + cls));
        if (!parent.endsWith("virtual") && !parent.getParent().endsWith("virtual")) {
            TreeFiles.link(dir.resolve("device"), parent);
        }
        Path entry = root.resolve("sys/class/" + cls).resolve(name);
        node(name, type, major, minor, dir, usbDevice, entry, true);
        return dir;
    }

    private void node(String name, char type, int major, int minor, Path dir, Path usbDevice, Path entry,
                      boolean link) {
        if (link) {
            TreeFiles.link(entry, dir);
        }
        ttys.put(name, new Tty(type, major, minor, dir, usbDevice, entry));
        Path dev = devLink(ttys.get(name));
        TreeFiles.delete(dev);
        TreeFiles.link(dev, dir);
    }

    private Path devLink(Tty node) {
        return root.resolve("sys/dev/" + (node.type() == 'b' ? "block" : "char")).resolve(node.major() + ":"
                + node.minor());
    }

    private void busLink(Path device) {
        Path link = root.resolve("sys/bus/usb/devices").resolve(device.getFileName().toString());
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            TreeFiles.link(link, device);
        }
    }

    private int devnum(String bus) {
        return nextDevnum.merge(bus, 1, Integer::sum) + 1;
    }

    /** {@code subsystem} and {@code driver} links into {@code sys/bus/BUS}, as the driver core makes them. */
    private void bind(Path device, String bus, String driver) {
        TreeFiles.link(device.resolve("subsystem"), dir("sys/bus/" + bus));
        TreeFiles.link(device.resolve("driver"), dir("sys/bus/" + bus + "/drivers/" + driver));
    }

    private Tty tty(String devname) {
        Tty tty = ttys.get(devname);
        if (tty == null) {
            throw new IllegalArgumentException("no tty " + devname + " in this fixture");
        }
        return tty;
    }

    private Path udevDb(Tty tty) {
        return root.resolve("run/udev/data/" + tty.type() + tty.major() + ":" + tty.minor());
    }

    private Path dir(String relative) {
        return TreeFiles.dir(root.resolve(relative));
    }

    private static Path dir(Path parent, String relative) {
        return TreeFiles.dir(parent.resolve(relative));
    }

    private static void optional(Path file, String content) {
        if (content != null) {
            write(file, content + "\n");
        }
    }

    /** Writes raw content; tests use it for odd attribute values (invalid UTF-8, control characters). */
    public static void write(Path file, String content) {
        TreeFiles.write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path file, byte[] content) {
        TreeFiles.write(file, content);
    }
}
