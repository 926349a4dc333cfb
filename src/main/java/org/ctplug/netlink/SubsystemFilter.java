package org.ctplug.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The subsystems a {@link UeventSocket} passes on, as systemd's
 * {@code sd_device_monitor_filter_add_match_subsystem_devtype} keeps them (sd-device/device-monitor.c).
 * A udev-format message is judged by the subsystem hash in its header before it is parsed, as
 * libudev's socket filter does; the kernel's messages carry no header and are judged by their
 * SUBSYSTEM once parsed. udev's messages are judged by SUBSYSTEM too, against hash collisions.
 */
final class SubsystemFilter {
    private final Set<String> subsystems;
    private final Set<Integer> hashes;

    SubsystemFilter(Set<String> subsystems) {
        if (subsystems.isEmpty()) {
            throw new IllegalArgumentException("no subsystem given");
        }
        this.subsystems = Set.copyOf(subsystems);
        this.hashes = this.subsystems.stream().map(UdevHeader::hash32).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * False for a udev-format message whose header names another subsystem; true for anything
     * else, which is judged once parsed (a malformed header is the parser's to refuse).
     */
    boolean headerMayMatch(byte[] data) {
        if (data.length < UdevHeader.SIZE || !Arrays.equals(data, 0, UdevHeader.PREFIX.length, UdevHeader.PREFIX, 0,
                UdevHeader.PREFIX.length)) {
            return true;
        }
        ByteBuffer big = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
        return big.getInt(UdevHeader.MAGIC_OFFSET) != UdevHeader.MAGIC
                || hashes.contains(big.getInt(UdevHeader.SUBSYSTEM_HASH_OFFSET));
    }

    boolean wants(Uevent event) {
        return event.subsystem().filter(subsystems::contains).isPresent();
    }

    Set<String> subsystems() {
        return subsystems;
    }
}
