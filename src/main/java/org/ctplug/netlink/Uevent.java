package org.ctplug.netlink;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One device event as the kernel or udevd announced it. {@code properties} holds every
 * {@code KEY=VAL} pair of the message, including {@code ACTION} and {@code DEVPATH}.
 */
public record Uevent(UeventSource source, String action, String devpath, Map<String, String> properties) {

    public Uevent {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(devpath, "devpath");
        properties = Map.copyOf(properties);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(properties.get(key));
    }

    public Optional<String> subsystem() {
        return get("SUBSYSTEM");
    }

    /** As sent: relative ({@code ttyS0}) from the kernel, absolute ({@code /dev/ttyS0}) from udev. */
    public Optional<String> devname() {
        return get("DEVNAME");
    }

    /** udev joins the absolute paths of a device's symlinks with single spaces. */
    public List<String> devlinks() {
        return get("DEVLINKS")
                .map(links -> Arrays.stream(links.split(" ")).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    public OptionalInt major() {
        return number("MAJOR");
    }

    public OptionalInt minor() {
        return number("MINOR");
    }

    /** The kernel's sequence number of the event (udev's processed one carries the kernel's). */
    public OptionalLong seqnum() {
        String value = properties.get("SEQNUM");
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            long n = Long.parseLong(value);
            return n >= 0 ? OptionalLong.of(n) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private OptionalInt number(String key) {
        String value = properties.get(key);
        if (value == null) {
            return OptionalInt.empty();
        }
        try {
            int n = Integer.parseInt(value);
            return n >= 0 ? OptionalInt.of(n) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
