package org.ctplug.netlink;

/** Who formatted a uevent: the kernel itself, or systemd-udevd after processing it. */
public enum UeventSource {
    /** {@code ACTION@DEVPATH\0KEY=VAL\0...}, multicast on group 1, {@code DEVNAME} relative to /dev. */
    KERNEL,
    /** {@code libudev\0} header then properties, group 2, sent once udev made links and set modes. */
    UDEV
}
