package org.ctplug.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.ctplug.kind.Kind;
import org.ctplug.kind.Kinds;

/**
 * Finds the device nodes of every {@link Kind} that are present under a root directory ({@code /}
 * on a real host).
 *
 * <p>A node is present when its entry under the kind's sysfs directory ({@code sys/class/tty/NAME},
 * {@code sys/bus/usb/devices/NAME}) has device numbers (the {@code MAJOR} and {@code MINOR} of its
 * {@code uevent} attribute, which the kernel gives a device exactly when it gives it a {@code dev}
 * attribute), the kind takes it as a node, and
 * the {@link KernelEvents} say so: the last kernel event seen for it was not {@code remove}, or,
 * with none seen and udevd running, udev has initialized it ({@code run/udev/data/c<major>:<minor>},
 * {@code b...} for block nodes, exists).
 */
public final class SysfsScanner {
    private final Path sys;
    private final Path udevData;
    private final Path udevControl;
    private final KernelEvents events;
    private volatile Path sysReal;

    /** Every path is resolved under {@code root}: {@code root/sys}, {@code root/run/udev}. */
    public SysfsScanner(Path root) {
        this(root, KernelEvents.none());
    }

    public SysfsScanner(Path root, KernelEvents events) {
        Path base = root.toAbsolutePath().normalize();
        this.sys = base.resolve("sys");
        this.udevData = base.resolve("run/udev/data");
        this.udevControl = base.resolve("run/udev/control");
        this.events = events;
    }

    /** The order of {@link #scan()}: by kind (as {@link Kinds#ALL} lists them), then devname. */
    public static final Comparator<Device> ORDER = Comparator
            .<Device>comparingInt(d -> Kinds.ALL.indexOf(d.kind())).thenComparing(Device::devname);

    /** All present nodes of every kind, in {@link #ORDER}. */
    public List<Device> scan() throws IOException {
        if (!Files.isDirectory(sys)) {
            return List.of();
        }
        List<Device> devices = new ArrayList<>();
        Path sysReal = sys.toRealPath();
        boolean udev = udevRunning();
        for (Kind kind : Kinds.ALL) {
            Path dir = sys.resolve(kind.sysfsDir());
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<String> names;
            try (Stream<Path> entries = Files.list(dir)) {
                names = entries.map(p -> p.getFileName().toString()).toList();
            }
            List<Device> ofKind = new ArrayList<>();
            for (String name : names) {
                readEntry(kind, name, sysReal, udev).ifPresent(ofKind::add);
            }
            ofKind.sort(ORDER);
            devices.addAll(ofKind);
        }
        return List.copyOf(devices);
    }

    /** The present node of the first kind that has an entry of this kernel name ({@code ttyACM0}), if any. */
    public Optional<Device> read(String kernelName) throws IOException {
        // sysfs spells a '/' in a device name as '!' (kernel: device_add, kobject names).
        String entry = kernelName.replace('/', '!');
        if (entry.isEmpty() || entry.equals(".") || entry.equals("..") || !Files.isDirectory(sys)) {
            return Optional.empty();
        }
        Path sysReal = sys.toRealPath();
        boolean udev = udevRunning();
        for (Kind kind : Kinds.ALL) {
            Optional<Device> d = readEntry(kind, entry, sysReal, udev);
            if (d.isPresent()) {
                return d;
            }
        }
        return Optional.empty();
    }

    /** The present node at this devpath ({@code /devices/.../tty/ttyACM0}, as in a uevent). */
    public Optional<Device> readDevpath(String devpath) throws IOException {
        if (!devpath.startsWith("/devices/")) {
            return Optional.empty();
        }
        Path dir = sys.resolve(devpath.substring(1)).normalize();
        if (!dir.startsWith(sys.resolve("devices")) || dir.getFileName() == null) {
            return Optional.empty();
        }
        Optional<Path> sysReal = sysReal();
        if (sysReal.isEmpty()) {
            return Optional.empty();
        }
        String wanted = "/" + sys.relativize(dir).toString();
        if (removed(events.present(wanted))) {
            return Optional.empty(); // as readDir would say, before the two links that find its entry
        }
        String name = dir.getFileName().toString();
        // the device's subsystem link names its class or bus (kernel: device_add): one readlink
        // says the kind, where asking each kind's directory would cost a lookup per kind per event
        Optional<Kind> kind;
        try {
            kind = SysfsFiles.linkName(dir.resolve("subsystem")).flatMap(Kinds::named);
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        // the kind's entry must lead to this very directory: a devpath through a link in sysfs
        // (.../subsystem/ttyS0) names a device where it is not, and would be read twice
        return readEntry(kind.get(), name, sysReal.get(), null).filter(x -> x.devpath().equals(wanted));
    }

    /**
     * Where sys really is, resolved once it exists (an event costs no walk of the root's
     * components); empty while it is no directory.
     */
    private Optional<Path> sysReal() throws IOException {
        Path real = sysReal;
        if (real == null) {
            if (!Files.isDirectory(sys)) {
                return Optional.empty();
            }
            real = sys.toRealPath();
            sysReal = real;
        }
        return Optional.of(real);
    }

    /** udevd runs (and owns device initialization) when its control socket exists. */
    public boolean udevRunning() {
        return Files.exists(udevControl);
    }

    private Optional<Device> readEntry(Kind kind, String entry, Path sysReal, Boolean udev) throws IOException {
        Path kindDir = sys.resolve(kind.sysfsDir());
        Path link = kindDir.resolve(entry);
        if (!link.getParent().equals(kindDir)) {
            return Optional.empty();
        }
        Path dir;
        try {
            dir = deviceDir(link, sysReal.resolve(kind.sysfsDir()));
        } catch (NoSuchFileException vanished) {
            return Optional.empty();
        }
        return readDir(kind, entry, dir, sysReal, udev);
    }

    /**
     * The node of the kind's entry {@code entry}, whose device directory (below the real
     * {@code sys}) is {@code dir}. {@code udev}: whether udevd runs, or null to ask only when the
     * kernel events leave presence to udev's database.
     */
    private Optional<Device> readDir(Kind kind, String entry, Path dir, Path sysReal, Boolean udev) throws IOException {
        try {
            Path devicesRoot = sysReal.resolve("devices");
            if (!dir.startsWith(devicesRoot)) {
                return Optional.empty();
            }
            String devpath = "/" + sysReal.relativize(dir);
            Optional<Boolean> seen = events.present(devpath);
            if (removed(seen)) {
                return Optional.empty();
            }
            // the device's numbers from its uevent attribute, where the kernel prints them from the
            // dev_t its dev attribute shows, and only for a device that has one (drivers/base/core.c:
            // dev_uevent, device_add): one attribute read per device, not two; an empty uevent is what
            // the kernel shows when a bus's or class's uevent callback failed (uevent_show), and then
            // the dev attribute still has them
            Map<String, String> uevent = SysfsFiles.uevent(dir.resolve("uevent"));
            Map<String, String> numbers = uevent.isEmpty() ? SysfsFiles.dev(dir.resolve("dev")) : uevent;
            int major = decimal(numbers.get("MAJOR"), MAX_MAJOR);
            int minor = decimal(numbers.get("MINOR"), MAX_MINOR);
            if (major < 0 || minor < 0 || !kind.isNode(entry, Optional.ofNullable(uevent.get("DEVTYPE")))) {
                return Optional.empty();
            }
            Path udevDb = udevData.resolve(kind.nodeType() + "" + major + ":" + minor);
            if (seen.isEmpty() && (udev != null ? udev : udevRunning()) && !Files.exists(udevDb)) {
                return Optional.empty();
            }
            String devname = uevent.getOrDefault("DEVNAME", entry.replace('!', '/'));
            SysfsFiles.Subsystems subsystems = new SysfsFiles.Subsystems();
            Identity id = Identity.of(kind.selfIdentified() ? dir : dir.getParent(), devicesRoot, kind.buses(),
                    subsystems);
            return Optional.of(new Device(entry.replace('!', '/'), devname, devpath, kind,
                    Optional.ofNullable(uevent.get("DEVTYPE")), major, minor,
                    id.vendor(), id.product(), id.serial(), id.manufacturer(), id.model(), id.interfaceNumber(),
                    id.port(), id.slot(), driver(kind, dir, devicesRoot, subsystems), UdevDatabase.links(udevDb)));
        } catch (NoSuchFileException vanished) {
            // Unplugged while we read it: the kernel removes the whole subtree at once.
            return Optional.empty();
        }
    }

    /**
     * The kernel's last event for the device ({@code seen}, from {@link KernelEvents#present})
     * was {@code remove}: it is absent whatever sysfs still holds (a synthetic remove leaves the
     * entry), so an unplug reads nothing of it.
     */
    private static boolean removed(Optional<Boolean> seen) {
        return !seen.orElse(true);
    }

    /** The largest major and minor a dev_t holds (include/linux/kdev_t.h: MINORBITS 20, 32 bits in all). */
    static final int MAX_MAJOR = (1 << 12) - 1;
    static final int MAX_MINOR = (1 << 20) - 1;

    /** A device number as the kernel prints it ({@code %u}, at most {@code max}); -1 for anything else. */
    static int decimal(String value, int max) {
        if (value == null || value.isEmpty() || value.length() > 7) {
            return -1;
        }
        int n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n <= max ? n : -1;
    }

    /**
     * The kind's entry is a relative symlink into /sys/devices (kernel: sysfs_create_link): one
     * readlink resolves it, where toRealPath would lstat every component; scans run per uevent.
     */
    private static Path deviceDir(Path link, Path kindDirReal) throws IOException {
        Optional<String> target = SysfsFiles.link(link);
        if (target.isEmpty() || target.get().startsWith("/")) {
            return link.toRealPath();
        }
        return kindDirReal.resolve(target.get()).normalize();
    }

    /**
     * The driver bound to the nearest device at or above the node's parent (its {@code device}
     * link): the usb_interface for cdc_acm, uvcvideo or usbhid, the ttyUSBn port for usb-serial
     * drivers, the PCI function for a GPU, the platform or PNP device for built-in UARTs. A
     * usb_device's own driver is "usb". Virtual devices (consoles, zram, tun) have none.
     *
     * <p>Since Linux 6.5 serial core puts two devices of its own between a UART and its tty, on
     * the serial-base bus, with drivers named "ctrl" and "port" (drivers/tty/serial/serial_base_bus.c);
     * they say nothing about the hardware, so the walk passes over them.
     */
    private static Optional<String> driver(Kind kind, Path nodeDir, Path devicesRoot, SysfsFiles.Subsystems subsystems)
            throws IOException {
        Path start;
        if (kind.selfIdentified()) {
            start = nodeDir;
        } else {
            Path device = nodeDir.resolve("device");
            Optional<String> target = SysfsFiles.link(device);
            if (target.isEmpty()) {
                return Optional.empty();
            }
            start = target.get().startsWith("/") ? device.toRealPath() : nodeDir.resolve(target.get()).normalize();
        }
        for (Path p = start; p != null && p.startsWith(devicesRoot) && !p.equals(devicesRoot); p = p.getParent()) {
            if (subsystems.of(p).filter("serial-base"::equals).isPresent()) {
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
