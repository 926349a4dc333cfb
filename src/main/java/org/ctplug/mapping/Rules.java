package org.ctplug.mapping;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ctplug.mapping.NodeReader.Invalid;

/**
 * The syntax of each scalar in the mapping. Every value here ends up in a udev rule, a container
 * config or a path, so each rule admits only what is meaningful and harmless there.
 */
final class Rules {
    private static final Pattern ENTRY_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final int ENTRY_NAME_MAX = 63;
    private static final Pattern USB_ID = Pattern.compile("(?:0[xX])?([0-9A-Fa-f]{1,4})");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,10}");
    private static final Pattern SLOT = Pattern.compile("(?:([0-9A-Fa-f]{4}):)?([0-9A-Fa-f]{2}):([0-9A-Fa-f]{2})\\.([0-7])");
    private static final Pattern PORT = Pattern.compile("[0-9]+-[0-9]+(?:\\.[0-9]+)*");
    private static final int PORT_MAX = 64;
    private static final Pattern KERNEL_CHAR = Pattern.compile("[A-Za-z0-9_*?\\[\\]-]");
    private static final int KERNEL_MAX = 64;
    /** USB string descriptors hold at most 126 UTF-16 units (bLength is one byte). */
    private static final int SERIAL_MAX = 126;
    /**
     * Characters that end, escape, glob or substitute inside a udev match value
     * ({@code ATTRS{serial}=="..."}); '|' separates alternatives there (udev.rules(7)).
     */
    private static final String SERIAL_REFUSED = "\"\\,*?[]$%{}|";
    private static final Pattern LINK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final int LINK_MAX = 64;
    /**
     * Names the kernel or udev give to nodes of their own in /dev: a link there would fight them.
     * tty, ttyS0, ttyACM0, ttyUSB0, ttyAMA0, tty1, ttymxc0 ... but not ttyZigbee (a link a user
     * would choose) nor ttyZigbee2: kernel driver prefixes are all upper or all lower case.
     */
    private static final Pattern KERNEL_LIKE_LINK =
            Pattern.compile("tty|tty[0-9]+|tty[A-Z]+[0-9]+|tty[a-z]+[0-9]+|ttyprintk"
                    // the other kinds' nodes: video0, hidraw0, event3, renderD128, card0, zram1,
                    // loop0, nvme0n1p1, sda, sda1, vdb, sr0, md0, dm-0
                    + "|(?:video|hidraw|event|mouse|mice|js|card|renderD|controlD|zram|loop|ram|sr|md|dm-|nbd"
                    + "|nvme[0-9]+n|mmcblk)[0-9]*(?:p[0-9]+)?|(?:sd|vd|hd|xvd)[a-z]+[0-9]*");
    private static final Set<String> RESERVED_LINKS = Set.of("console", "ptmx", "null", "zero", "random",
            "urandom", "full", "kmsg", "mem", "kmem", "port", "fd", "stdin", "stdout", "stderr", "pts", "shm",
            "mqueue", "hugepages", "serial", "char", "block", "disk", "bus", "input", "net", "log", "core",
            // directories of other kinds' nodes: a link there would hide /dev/dri/renderD128 and the like
            "dri", "snd", "v4l", "usb", "mapper", "cpu", "vfio", "tun", "fuse", "kvm");
    private static final Pattern MODE = Pattern.compile("[0-7]{3,4}");
    private static final Pattern GROUP_NAME = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    private static final long GID_MAX = 4294967294L;
    private static final Pattern PROXMOX_ID = Pattern.compile("[1-9][0-9]{2,8}");
    private static final Pattern LXC_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern PATH_CHARS = Pattern.compile("[A-Za-z0-9._/-]+");
    private static final int PATH_MAX = 255;
    /** Nodes LXC itself sets up in a container's /dev; mounting over them breaks the container. */
    private static final Pattern CONTAINER_OWN_NODE = Pattern.compile(
            "/dev/(?:null|zero|full|random|urandom|tty[0-9]*|console|ptmx|pts|shm|mqueue|fd|std(?:in|out|err)"
                    + "|hugepages|lxc|\\.lxc)(?:/.*)?");
    private static final int OWNER_MAX = 65535;
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)?");

    private Rules() {
    }

    static String version(String s) throws Invalid {
        if (!s.equals("1")) {
            throw new Invalid("unsupported version " + Texts.show(s) + " (this ctplug reads version 1)");
        }
        return s;
    }

    static BackendKind backend(String s) throws Invalid {
        switch (s) {
            case "auto": return BackendKind.AUTO;
            case "proxmox": return BackendKind.PROXMOX;
            case "lxc": return BackendKind.LXC;
            default: throw new Invalid(Texts.show(s) + " is not one of auto, proxmox, lxc");
        }
    }

    static OnPlug onPlug(String s) throws Invalid {
        switch (s) {
            case "hotplug": return OnPlug.HOTPLUG;
            case "restart": return OnPlug.RESTART;
            case "none": return OnPlug.NONE;
            default: throw new Invalid(Texts.show(s) + " is not one of hotplug, restart, none");
        }
    }

    /** {@code links:} true for udev's links in the container (the default), false for none. */
    static boolean links(String s) throws Invalid {
        switch (s) {
            case "udev": return true;
            case "none": return false;
            default: throw new Invalid(Texts.show(s) + " is not one of udev, none");
        }
    }

    static String entryName(String s) throws Invalid {
        if (s.length() > ENTRY_NAME_MAX) {
            throw new Invalid("entry names are at most " + ENTRY_NAME_MAX + " characters long");
        }
        if (!ENTRY_NAME.matcher(s).matches()) {
            throw new Invalid("entry names use lowercase letters, digits and '-', starting with a letter or digit");
        }
        return s;
    }

    /** idVendor / idProduct: sysfs shows them as 4 lowercase hex digits. */
    static String usbId(String s) throws Invalid {
        Matcher m = USB_ID.matcher(s);
        if (!m.matches()) {
            throw new Invalid(Texts.show(s) + " is not a USB ID: give 1 to 4 hex digits, optionally after 0x"
                    + " (e.g. \"0451\")");
        }
        String hex = m.group(1).toLowerCase(Locale.ROOT);
        return "0000".substring(hex.length()) + hex;
    }

    /** The kind of node: a subsystem ctplug knows. */
    static org.ctplug.kind.Kind subsystem(String s) throws Invalid {
        return org.ctplug.kind.Kinds.named(s).orElseThrow(() -> new Invalid(Texts.show(s)
                + " is not a subsystem ctplug handles " + DidYouMean.hint(s,
                org.ctplug.kind.Kinds.names())));
    }

    /** One {@code ids:} item: vendor:product, each as for {@code vendor}. */
    static String idPair(String s) throws Invalid {
        int colon = s.indexOf(':');
        if (colon < 0 || s.indexOf(':', colon + 1) >= 0) {
            throw new Invalid(Texts.show(s) + " is not a vendor:product pair such as \"1a6e:089a\"");
        }
        return usbId(s.substring(0, colon)) + ":" + usbId(s.substring(colon + 1));
    }

    /** A PCI slot as sysfs names the function: domain:bus:device.function, lowercase hex. */
    static String slot(String s) throws Invalid {
        Matcher m = SLOT.matcher(s);
        if (!m.matches()) {
            throw new Invalid(Texts.show(s) + " is not a PCI slot such as \"0000:00:02.0\" (as lspci -D shows it)");
        }
        String domain = m.group(1) == null ? "0000" : m.group(1);
        return (domain + ":" + m.group(2) + ":" + m.group(3) + "." + m.group(4)).toLowerCase(Locale.ROOT);
    }

    /** bInterfaceNumber is one byte. */
    static int interfaceNumber(String s) throws Invalid {
        if (!DECIMAL.matcher(s).matches() || s.length() > 3 || Integer.parseInt(s) > 255) {
            throw new Invalid(Texts.show(s) + " is not an interface number: give a decimal number from 0 to 255");
        }
        return Integer.parseInt(s);
    }

    /** The kernel's USB device name: bus-port[.port...]. */
    static String port(String s) throws Invalid {
        if (s.length() > PORT_MAX || !PORT.matcher(s).matches()) {
            throw new Invalid(Texts.show(s) + " is not a USB port path such as \"1-1.2\" (bus-port.port...)");
        }
        return s;
    }

    static String kernel(String s) throws Invalid {
        if (s.length() > KERNEL_MAX) {
            throw new Invalid("kernel name globs are at most " + KERNEL_MAX + " characters long");
        }
        for (int i = 0; i < s.length(); i++) {
            if (!KERNEL_CHAR.matcher(s.substring(i, i + 1)).matches()) {
                throw new Invalid("a kernel name glob may not contain " + Texts.charName(s.codePointAt(i))
                        + " (allowed: letters, digits, _ - * ? [ ])");
            }
        }
        return s;
    }

    static String serial(String s) throws Invalid {
        if (s.length() > SERIAL_MAX) {
            throw new Invalid("serials are at most " + SERIAL_MAX + " characters long (a USB string descriptor)");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new Invalid("serials may hold printable ASCII only; found " + Texts.charName(s.codePointAt(i)));
            }
            if (SERIAL_REFUSED.indexOf(c) >= 0) {
                throw new Invalid("a serial may not contain " + Texts.charName(c)
                        + " (it would change the meaning of the udev rule)");
            }
        }
        if (s.startsWith(" ") || s.endsWith(" ")) {
            throw new Invalid("a serial may not start or end with a space (udev would not match it as written)");
        }
        return s;
    }

    static String link(String s) throws Invalid {
        if (s.length() > LINK_MAX) {
            throw new Invalid("links are at most " + LINK_MAX + " characters long");
        }
        if (s.indexOf('/') >= 0) {
            throw new Invalid(Texts.show(s) + " is not a plain file name: the link is /dev/NAME, give NAME only");
        }
        if (!LINK.matcher(s).matches()) {
            throw new Invalid(Texts.show(s) + " is not a link name: letters, digits, '.', '_', '-',"
                    + " starting with a letter or digit");
        }
        if (KERNEL_LIKE_LINK.matcher(s).matches() || RESERVED_LINKS.contains(s)) {
            throw new Invalid(Texts.show(s) + " is a name the kernel or udev use in /dev; pick another"
                    + " (e.g. \"ttyZigbee\")");
        }
        if (CONTAINER_OWN_NODE.matcher("/dev/" + s).matches()) {
            // the link is also where a container gets the node unless an entry gives a path
            throw new Invalid(Texts.show(s) + " is a node LXC sets up in a container's /dev; pick another");
        }
        return s;
    }

    /** Permission bits only: a device node has no use for setuid, setgid or sticky. */
    static int mode(String s) throws Invalid {
        if (!MODE.matcher(s).matches()) {
            throw new Invalid(Texts.show(s) + " is not a mode: give 3 or 4 octal digits such as \"0660\"");
        }
        int mode = Integer.parseInt(s, 8);
        if (mode > 0777) {
            throw new Invalid(Texts.show(s) + " sets setuid, setgid or sticky bits; give permission bits only,"
                    + " such as \"0660\"");
        }
        return mode;
    }

    static String group(String s) throws Invalid {
        if (DECIMAL.matcher(s).matches()) {
            if (Long.parseLong(s) > GID_MAX) {
                throw new Invalid(Texts.show(s) + " is not a group id: at most " + GID_MAX);
            }
            return s;
        }
        if (!GROUP_NAME.matcher(s).matches()) {
            throw new Invalid(Texts.show(s) + " is not a group: give a name (lowercase letters, digits, '_', '-',"
                    + " up to 32) or a number");
        }
        return s;
    }

    static String containerId(String s, BackendKind backend) throws Invalid {
        if (backend == BackendKind.PROXMOX) {
            if (!PROXMOX_ID.matcher(s).matches()) {
                throw new Invalid(Texts.show(s) + " is not a Proxmox container id: give a number from 100 to"
                        + " 999999999 without leading zeros");
            }
        } else if (!LXC_NAME.matcher(s).matches()) {
            throw new Invalid(Texts.show(s) + " is not an LXC container name: up to 64 letters, digits, '_', '.',"
                    + " '-', starting with a letter or digit");
        }
        return s;
    }

    /** Where the node appears inside the container; it becomes part of an lxc.mount.entry line. */
    static String containerPath(String s) throws Invalid {
        if (s.length() > PATH_MAX) {
            throw new Invalid("paths are at most " + PATH_MAX + " characters long");
        }
        if (!s.startsWith("/dev/")) {
            throw new Invalid(Texts.show(s) + " must be an absolute path under /dev/");
        }
        for (int i = 0; i < s.length(); i++) {
            if (!PATH_CHARS.matcher(s.substring(i, i + 1)).matches()) {
                throw new Invalid("a path may not contain " + Texts.charName(s.codePointAt(i))
                        + (s.charAt(i) == ' ' ? " (a space splits an lxc.mount.entry line)" : "")
                        + " (allowed: letters, digits, '.', '_', '-', '/')");
            }
        }
        if (s.contains("//")) {
            throw new Invalid(Texts.show(s) + " contains \"//\"");
        }
        if (s.endsWith("/")) {
            throw new Invalid(Texts.show(s) + " names a directory; give the path of the node");
        }
        for (String part : s.split("/")) {
            if (part.equals(".") || part.equals("..")) {
                throw new Invalid(Texts.show(s) + " contains a \"" + part + "\" component; give a plain path");
            }
        }
        if (CONTAINER_OWN_NODE.matcher(s).matches()) {
            throw new Invalid(Texts.show(s) + " is a node LXC sets up in every container; pick another path");
        }
        return s;
    }

    static int ownerId(String s) throws Invalid {
        if (!DECIMAL.matcher(s).matches() || s.length() > 5 || Integer.parseInt(s) > OWNER_MAX) {
            throw new Invalid(Texts.show(s) + " is not an id: give a decimal number from 0 to " + OWNER_MAX);
        }
        return Integer.parseInt(s);
    }

    static String toolPath(String s) throws Invalid {
        if (!s.startsWith("/")) {
            throw new Invalid(Texts.show(s) + " is not an absolute path");
        }
        if (s.length() > 4096) {
            throw new Invalid("paths are at most 4096 characters long");
        }
        return s;
    }

    /** {@code 30} (seconds), {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}; between min and max. */
    static Duration duration(String s, Duration min, Duration max) throws Invalid {
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
            throw new Invalid(Texts.show(s) + " is not a duration: give a number with ms, s, m or h"
                    + " (seconds when bare), e.g. \"30s\"");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new Invalid(Texts.show(s) + " is out of range: from " + human(min) + " to " + human(max));
        }
        return d;
    }

    private static String human(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        return d.getSeconds() % 3600 == 0 ? d.toHours() + "h" : d.getSeconds() + "s";
    }
}
