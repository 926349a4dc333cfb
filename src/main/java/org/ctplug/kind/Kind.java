package org.ctplug.kind;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One kind of device node ctplug can give a container: where sysfs lists it, which of its
 * entries are nodes, what identifies it, which match keys it takes, what its udev rule names and
 * which host group its node gets. Everything else in ctplug (scanner, matcher, rules, planner,
 * {@code learn}) is the same for every kind and asks the kind.
 *
 * <p>The identity of a node is the first bus device found walking up from it: a usb_device gives
 * USB ids, serial and port, a PCI device its vendor, device and slot. A USB device's xHCI
 * controller, a PCI device, is therefore never its identity.
 */
public sealed interface Kind permits TtyKind, UsbKind, HidrawKind, VideoKind, DrmKind, InputKind, BlockKind,
        MiscKind {

    /** The kind's name in the mapping ({@code subsystem:}), in uevents ({@code SUBSYSTEM=}) and in udev rules. */
    String subsystem();

    /** The directory under {@code /sys} whose entries are the kind's devices, each a link into /sys/devices. */
    String sysfsDir();

    /**
     * Whether the sysfs entry {@code name}, whose uevent gave {@code devtype}, is a node of this
     * kind (it has a {@code dev} number: the caller checks that).
     */
    default boolean isNode(String name, Optional<String> devtype) {
        return true;
    }

    /** {@code c} or {@code b}: the node's type, in mknod and in the cgroup rule. */
    default char nodeType() {
        return 'c';
    }

    /** The match keys this kind takes; any other is an error naming the key. */
    Set<MatchKey> keys();

    /** The buses whose device above the node can be the node's identity. */
    Set<Bus> buses();

    /** Whether the node is itself its bus device (a usb_device node is). */
    default boolean selfIdentified() {
        return false;
    }

    /** The udev rule keys that select this kind's nodes, before the entry's own keys. */
    default List<String> ruleKeys() {
        return List.of("SUBSYSTEM==\"" + subsystem() + "\"");
    }

    /**
     * Whether an entry must give a link: a name that stays when the kernel's does not, as a
     * tty's does (ttyACM0 comes back as ttyACM1 when another stick took its number meanwhile).
     */
    default boolean needsLink() {
        return false;
    }

    /** The host group of the node when the mapping names none; empty leaves udev's. */
    default Optional<String> defaultGroup() {
        return Optional.empty();
    }
}
