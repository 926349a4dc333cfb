package org.ctplug.plan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which of a device's udev links a container may get, and what each one points at there. The
 * names come from udev's database, which builds them from device strings (the by-id names hold
 * the USB serial and product strings their maker chose), so they are untrusted: only a plain name
 * directly in one of udev's standard trees, or the entry's own link, is ever made.
 */
public final class LinkNames {
    /**
     * The trees of udev's own persistent-name rules: 60-serial.rules, 60-persistent-v4l.rules,
     * 60-persistent-input.rules, 60-persistent-storage.rules and 60-drm.rules (systemd's rules.d).
     */
    public static final List<String> TREES = List.of("serial/by-id", "serial/by-path", "v4l/by-id", "v4l/by-path",
            "input/by-id", "input/by-path", "disk/by-id", "disk/by-path", "dri/by-path");
    /** NAME_MAX (include/uapi/linux/limits.h): no file system takes a longer name. */
    static final int MAX_COMPONENT_BYTES = 255;
    private static final Pattern COMPONENT = Pattern.compile("[A-Za-z0-9._:+@-]+");
    private static final Pattern ALLOWED_CHAR = Pattern.compile("[A-Za-z0-9._:+@-]");
    private static final String DEV = "/dev/";

    private LinkNames() {}

    /**
     * Why a link udev made for a device (as its database names it, {@code /dev/serial/by-id/...})
     * is refused for a container; empty when it is a plain name directly in a standard tree, or
     * {@code /dev/<entryLink>}, the link ctplug's own rule gives the device.
     */
    public static Optional<String> refusal(String link, Optional<String> entryLink) {
        if (!link.startsWith(DEV)) {
            return Optional.of("it is not below /dev");
        }
        List<String> parts = List.of(link.substring(DEV.length()).split("/", -1));
        for (String part : parts) {
            if (part.isEmpty()) {
                return Optional.of("it has an empty component");
            }
            if (part.equals(".") || part.equals("..")) {
                return Optional.of("it has a \"" + part + "\" component");
            }
            int bytes = part.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_COMPONENT_BYTES) {
                return Optional.of("it has a component of " + bytes + " bytes (at most " + MAX_COMPONENT_BYTES + ")");
            }
            if (!COMPONENT.matcher(part).matches()) {
                int bad = part.codePoints().filter(c -> !ALLOWED_CHAR.matcher(Character.toString(c)).matches())
                        .findFirst().orElseThrow();
                return Optional.of("it holds " + charName(bad) + " (only letters, digits and . _ : + @ - are made)");
            }
        }
        if (parts.size() == 1 && entryLink.filter(parts.get(0)::equals).isPresent()) {
            return Optional.empty();
        }
        if (parts.size() == 3 && TREES.contains(parts.get(0) + "/" + parts.get(1))) {
            return Optional.empty();
        }
        return Optional.of("it is not a name directly in one of " + String.join(", ", TREES)
                + entryLink.map(l -> " nor the entry's link " + l).orElse(""));
    }

    /** Whether a container path is a name directly in a standard tree. */
    public static boolean inTree(String path) {
        int slash = path.lastIndexOf('/');
        return path.startsWith(DEV) && slash > DEV.length() && TREES.contains(path.substring(DEV.length(), slash));
    }

    /**
     * The relative symlink target from a link to a node, both canonical paths in the container:
     * {@code ../../ttyZigbee} from {@code /dev/serial/by-id/x}. Relative, as udev makes its own
     * links, so it names the node whatever root the container's processes see.
     */
    public static String target(String link, String node) {
        List<String> from = List.of(link.substring(1).split("/"));
        List<String> to = List.of(node.substring(1).split("/"));
        int common = 0;
        while (common < from.size() - 1 && common < to.size() - 1 && from.get(common).equals(to.get(common))) {
            common++;
        }
        StringBuilder out = new StringBuilder();
        for (int i = common; i < from.size() - 1; i++) {
            out.append("../");
        }
        out.append(String.join("/", to.subList(common, to.size())));
        return out.toString();
    }

    /** The directories above a path below /dev, outermost first, /dev itself left out. */
    static List<String> dirsAbove(String path) {
        List<String> dirs = new ArrayList<>();
        for (int slash = path.indexOf('/', DEV.length()); slash > 0; slash = path.indexOf('/', slash + 1)) {
            dirs.add(path.substring(0, slash));
        }
        return List.copyOf(dirs);
    }

    /**
     * The directories that hold the standard trees ({@code /dev/serial} ...), then the trees,
     * parents first: their entries, with the entry links and recorded ones directly in /dev,
     * show every link ctplug may have made in a container.
     */
    public static List<String> observedDirs() {
        return OBSERVED_DIRS;
    }

    private static final List<String> OBSERVED_DIRS = observed();

    private static List<String> observed() {
        List<String> dirs = new ArrayList<>();
        for (String tree : TREES) {
            String top = DEV + tree.substring(0, tree.indexOf('/'));
            if (!dirs.contains(top)) {
                dirs.add(top);
            }
        }
        TREES.forEach(t -> dirs.add(DEV + t));
        return List.copyOf(dirs);
    }

    private static String charName(int c) {
        if (c > 0x20 && c < 0x7f) {
            return "'" + (char) c + "'";
        }
        return c == ' ' ? "a space" : String.format("U+%04X", c);
    }
}
