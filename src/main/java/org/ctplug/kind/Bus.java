package org.ctplug.kind;

/** A bus whose device can be a node's identity. */
public enum Bus {
    /** A usb_device: idVendor, idProduct, serial, and its port path as its name ({@code 1-1.2}). */
    USB,
    /** A PCI function: vendor, device (written without 0x) and its slot as its name ({@code 0000:00:02.0}). */
    PCI
}
