package org.ctplug.kind;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One kind of device node ctplug can give a container: where sysfs lists it, which of its
 * entries are nodes, what identifies it, which match keys it takes, what its udev rule names and
 * which host group its node gets. Everything else in ctplug (scanner, matcher, rules, planner,
 * {@code learn}) is the same for every kind and asks the kind. Each kind is one small class that
 * gives its facts to this constructor and overrides what it does differently.
 *
 * <p>The identity of a node is the first bus device found walking up from it: a usb_device gives
 * USB ids, serial and port, a PCI device its vendor, device and slot. A USB device's xHCI
 * controller, a PCI device, is therefore never its identity.
 */
public abstract sealed class Kind permits TtyKind, UsbKind, HidrawKind, VideoKind, DrmKind, InputKind, BlockKind,
        MiscKind {
    /** The keys of a node below a USB interface: the device's ids, serial and port, the interface, the name. */
    static final Set<MatchKey> BELOW_USB_INTERFACE = Set.of(MatchKey.VENDOR, MatchKey.PRODUCT, MatchKey.IDS,
            MatchKey.SERIAL, MatchKey.INTERFACE, MatchKey.PORT, MatchKey.KERNEL);

    private final String subsystem;
    private final String sysfsDir;
    private final Set<MatchKey> keys;
    private final Set<Bus> buses;
    private final Optional<String> defaultGroup;

    Kind(String subsystem, String sysfsDir, Set<MatchKey> keys, Set<Bus> buses, Optional<String> defaultGroup) {
        this.subsystem = subsystem;
        this.sysfsDir = sysfsDir;
        // in declaration order, as messages list them
        this.keys = Collections.unmodifiableSet(EnumSet.copyOf(keys));
        this.buses = Collections.unmodifiableSet(buses.isEmpty() ? EnumSet.noneOf(Bus.class) : EnumSet.copyOf(buses));
        this.defaultGroup = defaultGroup;
    }

    /** The kind's name in the mapping ({@code subsystem:}), in uevents ({@code SUBSYSTEM=}) and in udev rules. */
    public final String subsystem() {
        return subsystem;
    }

    /** The directory under {@code /sys} whose entries are the kind's devices, each a link into /sys/devices. */
    public final String sysfsDir() {
        return sysfsDir;
    }

    /** The match keys this kind takes; any other is an error naming the key. */
    public final Set<MatchKey> keys() {
        return keys;
    }

    /** The buses whose device above the node can be the node's identity. */
    public final Set<Bus> buses() {
        return buses;
    }

    /**
     * The host group of the node when the mapping names none, for an entry with this kernel
     * name glob; empty leaves udev's.
     */
    public Optional<String> defaultGroup(Optional<String> kernelGlob) {
        return defaultGroup;
    }

    /**
     * Whether the sysfs entry {@code name}, whose uevent gave {@code devtype}, is a node of this
     * kind (it has a {@code dev} number: the caller checks that).
     */
    public boolean isNode(String name, Optional<String> devtype) {
        return true;
    }

    /** {@code c} or {@code b}: the node's type, in mknod and in the cgroup rule. */
    public char nodeType() {
        return 'c';
    }

    /** Whether the node is itself its bus device (a usb_device node is). */
    public boolean selfIdentified() {
        return false;
    }

    /** The udev rule keys that select this kind's nodes, before the entry's own keys. */
    public List<String> ruleKeys() {
        return List.of("SUBSYSTEM==\"" + subsystem + "\"");
    }

    /**
     * Whether an entry must give a link: a name that stays when the kernel's does not, as a
     * tty's does (ttyACM0 comes back as ttyACM1 when another stick took its number meanwhile).
     */
    public boolean needsLink() {
        return false;
    }

    /**
     * The DEVTYPE an entry that names no kernel name matches; empty for any. A disk's partitions
     * share its identity, so an entry for a USB disk would otherwise match every one of them.
     */
    public Optional<String> unnamedDevtype() {
        return Optional.empty();
    }

    /**
     * Whether udev's own rules import the usb_id builtin for this kind's nodes before ctplug's run
     * (60-serial.rules does for ttys): it sets ID_USB_INTERFACE_NUM, which {@code interface} needs.
     */
    public boolean usbIdImported() {
        return false;
    }

    /** Whether {@code list} leaves out the kind's nodes no driver holds, unless asked for all or mapped. */
    public boolean hiddenWithoutDriver() {
        return false;
    }

    /** The link {@code learn} gives an entry of this name when none is asked for; empty for none. */
    public Optional<String> learnedLink(String entryName) {
        return Optional.empty();
    }

    @Override
    public String toString() {
        return subsystem;
    }
}
