package org.ctplug.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.ctplug.container.AtomicFiles;
import org.ctplug.device.Device;
import org.ctplug.device.DeviceListing;
import org.ctplug.device.ListedDevice;
import org.ctplug.device.SysfsScanner;
import org.ctplug.host.Host;
import org.ctplug.kind.Bus;
import org.ctplug.kind.Kind;
import org.ctplug.kind.Kinds;
import org.ctplug.kind.MatchKey;
import org.ctplug.kind.UsbKind;
import org.ctplug.mapping.MappingAppender;
import org.ctplug.mapping.NewEntry;
import org.ctplug.mapping.MappingException;
import org.ctplug.mapping.MappingLoader;
import org.ctplug.netlink.Received;
import org.ctplug.plan.Glob;
import org.ctplug.netlink.UeventSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** "Plug the device now": replaces reading idVendor/idProduct by hand. */
@Command(name = "learn", description = "Wait for the next device to be plugged and add a mapping entry for it.")
final class LearnCommand implements Callable<Integer> {
    /** How long the nodes below a new usb_device take to appear, once its drivers bind. */
    private static final Duration CHILD_NODES = Duration.ofMillis(1500);

    @Mixin
    CommonOptions options;
    @Parameters(paramLabel = "NAME", description = "Entry name, e.g. zigbee.")
    String name;
    @Option(names = "--container", required = true, paramLabel = "ID", description = "Container that gets the device.")
    String container;
    @Option(names = "--link", paramLabel = "NAME", description = "Host symlink name (default for a tty: tty + Name;"
            + " other kinds keep the kernel's name).")
    Optional<String> link = Optional.empty();
    @Option(names = "--subsystem", paramLabel = "KIND", description = "Learn only a node of this kind (tty, usb,"
            + " hidraw, video4linux, drm, input, block, misc): a USB keyboard, say, gives both hidraw and input.")
    String subsystem;
    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up after this long (default: 120).")
    int timeoutSeconds = 120;
    @Option(names = "--netlink-group", hidden = true)
    Integer group;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (subsystem != null && Kinds.named(subsystem).isEmpty()) {
            spec.commandLine().getErr().println("ctplug: --subsystem " + subsystem + ": not a subsystem ctplug handles"
                    + " (one of " + String.join(", ", Kinds.names()) + ")");
            return Main.BAD_INPUT;
        }
        Path file = options.configFile();
        Optional<String> onDisk;
        String original;
        try {
            // read as check reads it, so a file check accepts is a file learn can extend
            onDisk = current(file);
            original = onDisk.orElse("version: 1\n");
        } catch (MappingException e) {
            Context.report(e, spec.commandLine().getErr());
            return Main.BAD_INPUT;
        }
        SysfsScanner scanner = new SysfsScanner(options.root);
        int mask = group != null ? group : UeventSocket.defaultGroup(options.root);
        Device device;
        try (UeventSocket socket = UeventSocket.open(mask, 1 << 20, Kinds.subsystems())) {
            spec.commandLine().getOut().println("plug the device now (waiting " + timeoutSeconds + " s)");
            spec.commandLine().getOut().flush();
            Optional<Device> seen = waitForDevice(socket, scanner, Instant.now().plusSeconds(timeoutSeconds));
            if (seen.isEmpty()) {
                spec.commandLine().getErr().println("ctplug: no device appeared within " + timeoutSeconds + " s");
                return Main.FAILED;
            }
            device = seen.get();
        }
        spec.commandLine().getOut().print(DeviceListing.table(
                List.of(new ListedDevice(device, Optional.empty(), Optional.empty()))));
        NewEntry entry = entryFor(device, scanner.scan());
        String updated;
        try {
            updated = MappingAppender.append(original, file, entry);
            MappingLoader.parse(updated, file, Host.detectBackend(options.root));
        } catch (MappingException e) {
            Context.report(e, spec.commandLine().getErr());
            return Main.BAD_INPUT;
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("ctplug: " + e.getMessage());
            return Main.BAD_INPUT;
        }
        // the wait may have taken minutes: an edit made meanwhile must not be overwritten
        try {
            if (!current(file).equals(onDisk)) {
                spec.commandLine().getErr().println("ctplug: " + file + " changed while learn waited for the device;"
                        + " nothing written. Run learn again.");
                return Main.FAILED;
            }
        } catch (MappingException e) {
            spec.commandLine().getErr().println("ctplug: " + file + " changed while learn waited for the device and"
                    + " is no longer readable; nothing written");
            Context.report(e, spec.commandLine().getErr());
            return Main.FAILED;
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.write(file, updated.getBytes(StandardCharsets.UTF_8));
        spec.commandLine().getOut().println("added entry " + name + " to " + file + "; "
                + entry.link().map(l -> "/dev/" + l).orElse("its node") + " will follow the device into container "
                + container);
        return Main.OK;
    }

    /** The mapping's text as check reads it; empty when there is no file yet. */
    private static Optional<String> current(Path file) throws MappingException, IOException {
        try {
            return Optional.of(MappingLoader.read(file));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * The next node plugged, of the asked kind or any. A USB device comes up as its usb_device
     * first (the kernel adds it before its interfaces and what their drivers make), so a raw USB
     * node is taken only when no node of another kind appears below it shortly after: a stick's
     * tty, a UPS's hidraw or a webcam's video node is what the user plugged in.
     */
    private Optional<Device> waitForDevice(UeventSocket socket, SysfsScanner scanner, Instant deadline)
            throws IOException {
        Optional<Device> usbDevice = Optional.empty();
        Instant settled = deadline;
        while (Instant.now().isBefore(usbDevice.isPresent() ? settled : deadline)) {
            Instant until = usbDevice.isPresent() ? settled : deadline;
            Received r = socket.receive(Duration.between(Instant.now(), until));
            if (r instanceof Received.Closed) {
                return usbDevice;
            }
            if (!(r instanceof Received.Message m) || !m.event().action().equals("add")) {
                continue;
            }
            Optional<Device> d = scanner.readDevpath(m.event().devpath())
                    .filter(x -> subsystem == null || x.subsystem().equals(subsystem));
            if (d.isEmpty()) {
                continue;
            }
            if (usbDevice.isPresent()) {
                if (d.get().devpath().startsWith(usbDevice.get().devpath() + "/")) {
                    return d;
                }
            } else if (d.get().kind() == UsbKind.USB && subsystem == null) {
                usbDevice = d;
                settled = min(deadline, Instant.now().plus(CHILD_NODES));
            } else {
                return d;
            }
        }
        return usbDevice;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /**
     * What identifies this device, in the keys its kind takes: for USB, vendor and product (both
     * ids of a device known to re-enumerate), then its serial when udev can match it literally,
     * else its port; for PCI, vendor and product; else its kernel name. Where another node of the
     * kind shares that identity (the ttys of a multi-port adapter, a GPU's card and render node),
     * the interface or the kernel name tells them apart.
     */
    NewEntry entryFor(Device d, List<Device> all) {
        Kind kind = d.kind();
        Optional<String> linkName = link.or(() -> kind.learnedLink(name));
        List<Device> siblings = all.stream().filter(o -> o.kind() == kind && !o.devname().equals(d.devname())
                && o.bus().equals(d.bus()) && o.bus().isPresent() && o.port().equals(d.port())
                && o.slot().equals(d.slot())).toList();
        Optional<String> vendor = Optional.empty();
        Optional<String> product = Optional.empty();
        List<String> ids = List.of();
        Optional<String> serial = Optional.empty();
        Optional<String> port = Optional.empty();
        Optional<String> slot = Optional.empty();
        Optional<String> kernel = Optional.empty();
        Optional<Integer> iface = Optional.empty();
        Optional<String> other = d.ids().flatMap(UsbKind::alsoKnownAs);
        if (d.bus().isEmpty()) {
            kernel = Optional.of(d.kernel());
        } else if (other.isPresent()) {
            ids = List.of(d.ids().get(), other.get());
        } else {
            vendor = d.vendor();
            product = d.product();
        }
        if (d.bus().filter(Bus.USB::equals).isPresent()) {
            // descriptor strings are untrusted: a serial the mapping would refuse is replaced by the port
            serial = d.serial().filter(NewEntry::acceptsSerial);
            port = serial.isPresent() ? Optional.empty() : d.port();
        }
        if (d.bus().filter(Bus.PCI::equals).isPresent() && all.stream().anyMatch(o -> o.kind() == kind
                && o.ids().equals(d.ids()) && !o.slot().equals(d.slot()))) {
            // two cards of one model: only the slot tells them apart
            slot = d.slot();
        }
        if (!siblings.isEmpty()) {
            boolean interfaceTells = kind.keys().contains(MatchKey.INTERFACE) && d.interfaceNumber().isPresent()
                    && siblings.stream().noneMatch(o -> o.interfaceNumber().equals(d.interfaceNumber()));
            if (interfaceTells) {
                iface = d.interfaceNumber();
            } else if (kind.keys().contains(MatchKey.KERNEL)) {
                String family = d.kernel().replaceAll("[0-9]+$", "") + "*";
                boolean familyTells = siblings.stream().noneMatch(o -> Glob.matches(family, o.kernel()));
                kernel = Optional.of(familyTells ? family : d.kernel());
            }
        }
        return new NewEntry(name, kind, vendor, product, ids, serial, port, slot, kernel, iface, linkName, container);
    }
}
