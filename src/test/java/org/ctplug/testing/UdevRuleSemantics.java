package org.ctplug.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which ttys of a fixture tree the rules of a rendered rules file would match, read the way
 * udev(7) defines the keys ctplug writes, so a test can hold the rule file against ctplug's own
 * matcher without USB hardware:
 * <ul>
 * <li>{@code KERNEL==} and {@code ENV{ID_USB_INTERFACE_NUM}==} look at the event device; the
 *     latter is set by the usb_id builtin (imported by 60-serial.rules) from the
 *     {@code bInterfaceNumber} of the first usb_interface above the tty;</li>
 * <li>{@code KERNELS==} and {@code ATTRS{...}==} (and their {@code !=}) "search the devpath upwards
 *     for a matching device", and all of them in one rule must match the same device: the event
 *     device itself or any ancestor;</li>
 * <li>values are shell globs; trailing whitespace of an attribute is ignored, and an attribute
 *     the device lacks matches neither {@code ==} nor {@code !=}.</li>
 * </ul>
 */
public final class UdevRuleSemantics {
    private static final Pattern KEY = Pattern.compile("([A-Z_]+)(?:\\{([^}]*)\\})?(==|!=|\\+=|=)\"([^\"]*)\"");
    private static final Pattern ENTRY = Pattern.compile("ENV\\{CTPLUG_ENTRY\\}=\"([^\"]*)\"");

    private record Key(String name, String attribute, String op, String value) {}

    private UdevRuleSemantics() {}

    /** Devname of every tty under {@code root/sys} a rule matches, with the entry that rule sets. */
    public static Map<String, List<String>> matches(String rules, Path root) {
        Map<String, List<String>> out = new TreeMap<>();
        Path classTty = root.resolve("sys/class/tty");
        try (Stream<Path> ttys = Files.list(classTty)) {
            for (Path link : ttys.sorted().toList()) {
                Path dir = link.toRealPath();
                for (String rule : rules.lines().filter(l -> l.contains("SYMLINK+=")).toList()) {
                    if (matchesRule(rule, dir, root.resolve("sys/devices").toRealPath())) {
                        Matcher entry = ENTRY.matcher(rule);
                        out.computeIfAbsent(dir.getFileName().toString(), k -> new ArrayList<>())
                                .add(entry.find() ? entry.group(1) : "?");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static boolean matchesRule(String rule, Path tty, Path devices) throws IOException {
        List<Key> parentKeys = new ArrayList<>();
        Matcher m = KEY.matcher(rule);
        while (m.find()) {
            Key k = new Key(m.group(1), m.group(2), m.group(3), m.group(4));
            if (!k.op().equals("==") && !k.op().equals("!=")) {
                continue; // an assignment
            }
            switch (k.name()) {
                case "KERNEL" -> {
                    if (!test(k, Optional.of(tty.getFileName().toString()))) {
                        return false;
                    }
                }
                case "ENV" -> {
                    if (!k.attribute().equals("ID_USB_INTERFACE_NUM")) {
                        throw new IllegalArgumentException("no model of ENV{" + k.attribute() + "}");
                    }
                    // an unset property reads as empty
                    if (!test(k, Optional.of(interfaceNumber(tty, devices).orElse("")))) {
                        return false;
                    }
                }
                case "SUBSYSTEM" -> {
                    Path subsystem = tty.resolve("subsystem");
                    if (!test(k, Optional.of(Files.readSymbolicLink(subsystem).getFileName().toString()))) {
                        return false;
                    }
                }
                case "KERNELS", "ATTRS" -> parentKeys.add(k);
                default -> throw new IllegalArgumentException("no model of " + k.name() + " in " + rule);
            }
        }
        if (parentKeys.isEmpty()) {
            return true;
        }
        for (Path d = tty; d.startsWith(devices) && !d.equals(devices); d = d.getParent()) {
            Path device = d;
            if (parentKeys.stream().allMatch(k -> test(k, k.name().equals("KERNELS")
                    ? Optional.of(device.getFileName().toString()) : attribute(device, k.attribute())))) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> interfaceNumber(Path tty, Path devices) {
        for (Path d = tty.getParent(); d.startsWith(devices) && !d.equals(devices); d = d.getParent()) {
            Optional<String> number = attribute(d, "bInterfaceNumber");
            if (number.isPresent()) {
                return number;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> attribute(Path device, String name) {
        Path file = device.resolve(name);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file).stripTrailing()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An attribute the device lacks matches neither "==" nor "!=" (udev-rules.c, token_match_attr). */
    private static boolean test(Key k, Optional<String> actual) {
        return actual.map(a -> glob(k.value()).matcher(a).matches() == k.op().equals("==")).orElse(false);
    }

    private static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' -> {
                    int end = glob.indexOf(']', i + 2);
                    if (end < 0) {
                        re.append("\\[");
                    } else {
                        String body = glob.substring(i + 1, end);
                        re.append('[').append(body.startsWith("!") ? "^" + body.substring(1) : body).append(']');
                        i = end;
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
