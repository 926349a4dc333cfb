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
import org.ctplug.mapping.MappingAppender;
import org.ctplug.mapping.NewEntry;
import org.ctplug.mapping.NewEntry;
import org.ctplug.mapping.MappingException;
import org.ctplug.mapping.MappingLoader;
import org.ctplug.netlink.Received;
import org.ctplug.netlink.UeventSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** "Plug the device now": replaces reading idVendor/idProduct by hand. */
@Command(name = "learn", description = "Wait for the next tty device to be plugged and add a mapping entry for it.")
final class LearnCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;
    @Parameters(paramLabel = "NAME", description = "Entry name, e.g. zigbee.")
    String name;
    @Option(names = "--container", required = true, paramLabel = "ID", description = "Container that gets the device.")
    String container;
    @Option(names = "--link", paramLabel = "NAME", description = "Host symlink name (default: tty + Name).")
    Optional<String> link = Optional.empty();
    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up after this long (default: 120).")
    int timeoutSeconds = 120;
    @Option(names = "--netlink-group", hidden = true)
    Integer group;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
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
        try (UeventSocket socket = UeventSocket.open(mask, 1 << 20, Context.SUBSYSTEMS)) {
            spec.commandLine().getOut().println("plug the device now (waiting " + timeoutSeconds + " s)");
            spec.commandLine().getOut().flush();
            Optional<Device> seen = waitForDevice(socket, scanner, Instant.now().plusSeconds(timeoutSeconds));
            if (seen.isEmpty()) {
                spec.commandLine().getErr().println("ctplug: no tty device appeared within " + timeoutSeconds + " s");
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
        spec.commandLine().getOut().println("added entry " + name + " to " + file + "; /dev/" + entry.link()
                + " will follow the device into container " + container);
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

    private Optional<Device> waitForDevice(UeventSocket socket, SysfsScanner scanner, Instant deadline)
            throws IOException {
        while (Instant.now().isBefore(deadline)) {
            Received r = socket.receive(Duration.between(Instant.now(), deadline));
            if (r instanceof Received.Closed) {
                return Optional.empty();
            }
            if (r instanceof Received.Message m && m.event().action().equals("add")) {
                Optional<Device> d = scanner.readDevpath(m.event().devpath());
                if (d.isPresent()) {
                    return d;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * What identifies this device: vendor and product, then its serial when udev can match it
     * literally, else its USB port; the interface only where the same USB device has several ttys.
     */
    NewEntry entryFor(Device d, List<Device> all) {
        String linkName = link.orElse(defaultLink(name));
        if (!d.isUsb()) {
            return new NewEntry(name, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.of(d.devname()), Optional.empty(), linkName, container);
        }
        // descriptor strings are untrusted: a serial the mapping would refuse is replaced by the port
        Optional<String> serial = d.serial().filter(NewEntry::acceptsSerial);
        Optional<String> port = serial.isPresent() ? Optional.empty() : d.port();
        boolean multiPort = all.stream().filter(o -> !o.devname().equals(d.devname()))
                .anyMatch(o -> o.port().equals(d.port()) && o.vendor().equals(d.vendor()));
        return new NewEntry(name, d.vendor(), d.product(), serial, port, Optional.empty(),
                multiPort ? d.interfaceNumber() : Optional.empty(), linkName, container);
    }

    static String defaultLink(String entryName) {
        StringBuilder out = new StringBuilder("tty");
        for (String part : entryName.split("-")) {
            if (!part.isEmpty()) {
                out.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return out.toString();
    }
}
