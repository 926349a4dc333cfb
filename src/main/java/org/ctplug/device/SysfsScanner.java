package org.ctplug.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the tty devices that are present under a root directory ({@code /} on a real host).
 *
 * <p>A device is present when {@code sys/class/tty/NAME} has a {@code dev} attribute and the
 * {@link KernelEvents} say so: the last kernel event seen for it was not {@code remove}, or, with
 * none seen and udevd running, udev has initialized it ({@code run/udev/data/c<major>:<minor>}
 * exists).
 */
public final class SysfsScanner {
    private static final Pattern DEV = Pattern.compile("(\\d+):(\\d+)");
    private static final String SERIAL_BASE = "serial-base";

    private final Path sys;
    private final Path classTty;
    private final Path udevData;
    private final Path udevControl;
    private final KernelEvents events;

    /** Every path is resolved under {@code root}: {@code root/sys/class/tty}, {@code root/run/udev}. */
    public SysfsScanner(Path root) {
        this(root, KernelEvents.none());
    }

    public SysfsScanner(Path root, KernelEvents events) {
        Path base = root.toAbsolutePath().normalize();
        this.sys = base.resolve("sys");
        this.classTty = sys.resolve("class/tty");
        this.udevData = base.resolve("run/udev/data");
        this.udevControl = base.resolve("run/udev/control");
        this.events = events;
    }

    /** All present tty devices, sorted by devname. */
    public List<Device> scan() throws IOException {
        if (!Files.isDirectory(classTty)) {
            return List.of();
        }
        List<String> names;
        try (Stream<Path> entries = Files.list(classTty)) {
            names = entries.map(p -> p.getFileName().toString()).toList();
        }
        List<Device> devices = new ArrayList<>();
        Path sysReal = sys.toRealPath();
        boolean udev = udevRunning();
        for (String name : names) {
            readEntry(name, sysReal, udev).ifPresent(devices::add);
        }
        devices.sort(Comparator.comparing(Device::devname));
        return List.copyOf(devices);
    }

    /** The present device with this kernel name ({@code ttyACM0}), if any. */
    public Optional<Device> read(String devname) throws IOException {
        // sysfs spells a '/' in a device name as '!' (kernel: device_add, kobject names).
        String entry = devname.replace('/', '!');
        if (entry.isEmpty() || entry.equals(".") || entry.equals("..")) {
            return Optional.empty();
        }
        return readEntry(entry, sys.toRealPath(), udevRunning());
    }

    /** The present device at this devpath ({@code /devices/.../tty/ttyACM0}, as in a uevent). */
    public Optional<Device> readDevpath(String devpath) throws IOException {
        if (!devpath.startsWith("/devices/")) {
            return Optional.empty();
        }
        Path dir = sys.resolve(devpath.substring(1)).normalize();
        if (!dir.startsWith(sys.resolve("devices")) || dir.getFileName() == null) {
            return Optional.empty();
        }
        String wanted = "/" + sys.relativize(dir).toString();
        return readEntry(dir.getFileName().toString(), sys.toRealPath(), udevRunning())
                .filter(d -> d.devpath().equals(wanted));
    }

    /** udevd runs (and owns device initialization) when its control socket exists. */
    public boolean udevRunning() {
        return Files.exists(udevControl);
    }

    private Optional<Device> readEntry(String entry, Path sysReal, boolean udev) throws IOException {
        Path link = classTty.resolve(entry);
        if (!link.getParent().equals(classTty)) {
            return Optional.empty();
        }
        try {
            Path dir = deviceDir(link, sysReal);
            if (!dir.startsWith(sysReal.resolve("devices"))) {
                return Optional.empty();
            }
            Optional<Matcher> dev = SysfsFiles.kernel(dir.resolve("dev")).map(DEV::matcher).filter(Matcher::matches);
            if (dev.isEmpty()) {
                return Optional.empty();
            }
            int major = Integer.parseInt(dev.get().group(1));
            int minor = Integer.parseInt(dev.get().group(2));
            Path udevDb = udevData.resolve("c" + major + ":" + minor);
            String devpath = "/" + sysReal.relativize(dir);
            if (!events.present(devpath).orElseGet(() -> !udev || Files.exists(udevDb))) {
                return Optional.empty();
            }
            String devname = SysfsFiles.uevent(dir.resolve("uevent")).getOrDefault("DEVNAME", entry.replace('!', '/'));
            UsbParents usb = UsbParents.above(dir, sysReal.resolve("devices"));
            Optional<String> driver = driver(dir, sysReal.resolve("devices"));
            return Optional.of(new Device(devname, devpath, "tty", major, minor,
                    usb.attribute("idVendor").map(SysfsScanner::hexId),
                    usb.attribute("idProduct").map(SysfsScanner::hexId),
                    usb.descriptor("serial"), usb.descriptor("manufacturer"), usb.descriptor("product"),
                    usb.interfaceNumber(), usb.port(), driver, UdevDatabase.links(udevDb)));
        } catch (NoSuchFileException vanished) {
            // Unplugged while we read it: the kernel removes the whole subtree at once.
            return Optional.empty();
        }
    }

    /**
     * The class entry is a relative symlink into /sys/devices (kernel: sysfs_create_link): one
     * readlink resolves it, where toRealPath would lstat every component; scans run per uevent.
     */
    private static Path deviceDir(Path link, Path sysReal) throws IOException {
        if (!Files.isSymbolicLink(link)) {
            return link.toRealPath();
        }
        Path target = Files.readSymbolicLink(link);
        if (target.isAbsolute()) {
            return link.toRealPath();
        }
        return sysReal.resolve("class/tty").resolve(target).normalize();
    }

    private static String hexId(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    /**
     * The driver bound to the nearest device at or above the tty's {@code device} link: the
     * usb_interface for cdc_acm, the ttyUSBn port for usb-serial drivers, the platform or PNP
     * device for built-in UARTs. Virtual ttys have no {@code device} link.
     *
     * <p>Since Linux 6.5 serial core puts two devices of its own between a UART and its tty, on
     * the serial-base bus, with drivers named "ctrl" and "port" (drivers/tty/serial/serial_base_bus.c);
     * they say nothing about the hardware, so the walk passes over them.
     */
    private static Optional<String> driver(Path ttyDir, Path devicesRoot) throws IOException {
        if (!Files.exists(ttyDir.resolve("device"))) {
            return Optional.empty();
        }
        // the link names the parent the tty was created under, which sysfs places the class
        // device below in a "tty" glue directory: the parent is two levels up, no lstat walk needed
        for (Path p = ttyDir.getParent().getParent(); p != null && p.startsWith(devicesRoot) && !p.equals(devicesRoot);
             p = p.getParent()) {
            if (SysfsFiles.linkName(p.resolve("subsystem")).filter(SERIAL_BASE::equals).isPresent()) {
                continue;
            }
            Optional<String> name = SysfsFiles.linkName(p.resolve("driver"));
            if (name.isPresent()) {
                return name;
            }
        }
        return Optional.empty();
    }
}
