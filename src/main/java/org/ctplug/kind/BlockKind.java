package org.ctplug.kind;

import java.util.Optional;
import java.util.Set;

/**
 * Block devices and their partitions ({@code block/sda}, {@code sda1}, {@code zram0}): {@code b}
 * nodes with {@code b} rules. A USB disk's identity is its usb_device, an NVMe or virtio disk's
 * its PCI function. {@code disk} is the group Debian gives them.
 */
public final class BlockKind extends Kind {
    public static final BlockKind BLOCK = new BlockKind();

    private BlockKind() {
        super("block", "class/block", Set.of(MatchKey.VENDOR, MatchKey.PRODUCT, MatchKey.IDS, MatchKey.SERIAL,
                MatchKey.PORT, MatchKey.SLOT, MatchKey.KERNEL), Set.of(Bus.USB, Bus.PCI), Optional.of("disk"));
    }

    /** {@code disk}, not its partitions ({@code sda1} is DEVTYPE=partition): those are named with kernel. */
    @Override
    public Optional<String> unnamedDevtype() {
        return Optional.of("disk");
    }

    @Override
    public char nodeType() {
        return 'b';
    }
}
