package org.ctplug.kind;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Block devices and their partitions ({@code block/sda}, {@code sda1}, {@code zram0}): {@code b}
 * nodes with {@code b} rules. A USB disk's identity is its usb_device, an NVMe or virtio disk's
 * its PCI function. {@code disk} is the group Debian gives them.
 */
public final class BlockKind implements Kind {
    public static final BlockKind BLOCK = new BlockKind();

    private BlockKind() {}

    @Override
    public String subsystem() {
        return "block";
    }

    @Override
    public String sysfsDir() {
        return "class/block";
    }

    @Override
    public char nodeType() {
        return 'b';
    }

    @Override
    public Set<MatchKey> keys() {
        return EnumSet.of(MatchKey.VENDOR, MatchKey.PRODUCT, MatchKey.IDS, MatchKey.SERIAL, MatchKey.PORT,
                MatchKey.SLOT, MatchKey.KERNEL);
    }

    @Override
    public Set<Bus> buses() {
        return EnumSet.of(Bus.USB, Bus.PCI);
    }

    @Override
    public Optional<String> defaultGroup() {
        return Optional.of("disk");
    }
}
