package org.ctplug.testing;

/**
 * What a USB serial device shows in sysfs. {@code serial}, {@code manufacturer} and
 * {@code product} (the descriptor strings) may be null: the device then has no such file, as
 * with many CH340 adapters. {@code interfaces} is the number of ttys the device gets; each one's
 * name is {@code ttyBase + (firstMinor + i)}, which is how ttyACM and ttyUSB are numbered.
 *
 * @param port      USB port path, also the usb_device directory name: {@code 1-1.2}
 * @param vid       idVendor, 4 hex digits
 * @param pid       idProduct, 4 hex digits
 * @param driver    {@code cdc_acm} binds the interface and puts {@code tty/} in it; any other
 *                  name is taken as a usb-serial driver, which adds a {@code ttyUSBn} port level
 */
public record UsbStick(String port, String vid, String pid, String serial, String manufacturer, String product,
                       String driver, int interfaces, String ttyBase, int major, int firstMinor) {

    public static final int ACM_MAJOR = 166;
    public static final int USB_SERIAL_MAJOR = 188;

    /** TI CC2531 Zigbee sniffer/coordinator with Z-Stack firmware (CDC ACM). */
    public static final UsbStick CC2531 = new UsbStick("1-1", "0451", "16a8", "__0X00124B001CDD2F8A",
            "Texas Instruments", "TI CC2531 USB CDC", "cdc_acm", 1, "ttyACM", ACM_MAJOR, 0);
    /** dresden elektronik ConBee II (CDC ACM). */
    public static final UsbStick CONBEE_II = new UsbStick("1-1", "1cf1", "0030", "DE2436812",
            "dresden elektronik ingenieurtechnik GmbH", "ConBee II", "cdc_acm", 1, "ttyACM", ACM_MAJOR, 0);
    /** FTDI FT232R single-port adapter. */
    public static final UsbStick FT232R = new UsbStick("1-2", "0403", "6001", "A50285BI",
            "FTDI", "FT232R USB UART", "ftdi_sio", 1, "ttyUSB", USB_SERIAL_MAJOR, 0);
    /** Sonoff Zigbee 3.0 USB Dongle Plus (ZBDongle-P), a CP2102N bridge. */
    public static final UsbStick SONOFF_ZBDONGLE_P = new UsbStick("1-3", "10c4", "ea60",
            "a8b1c2d3e4f5ed11b2c3d4e5f6a7b8c9", "ITead", "Sonoff Zigbee 3.0 USB Dongle Plus",
            "cp210x", 1, "ttyUSB", USB_SERIAL_MAJOR, 0);
    /** FTDI FT4232H: one device, four interfaces, four ttys. */
    public static final UsbStick FT4232H = new UsbStick("1-4", "0403", "6011", "FT4QX7A2",
            "FTDI", "Quad RS232-HS", "ftdi_sio", 4, "ttyUSB", USB_SERIAL_MAJOR, 0);
    /** WCH CH340 adapter: no serial number, no manufacturer string. */
    public static final UsbStick CH340 = new UsbStick("1-5", "1a86", "7523", null,
            null, "USB Serial", "ch341", 1, "ttyUSB", USB_SERIAL_MAJOR, 0);

    public UsbStick at(String newPort) {
        return new UsbStick(newPort, vid, pid, serial, manufacturer, product, driver, interfaces, ttyBase, major, firstMinor);
    }

    public UsbStick withSerial(String newSerial) {
        return new UsbStick(port, vid, pid, newSerial, manufacturer, product, driver, interfaces, ttyBase, major, firstMinor);
    }

    public UsbStick withProduct(String newProduct) {
        return new UsbStick(port, vid, pid, serial, manufacturer, newProduct, driver, interfaces, ttyBase, major, firstMinor);
    }

    /** The first tty gets this minor and the matching name (ttyACM1 for 1). */
    public UsbStick withFirstMinor(int minor) {
        return new UsbStick(port, vid, pid, serial, manufacturer, product, driver, interfaces, ttyBase, major, minor);
    }

    public String ttyName(int index) {
        return ttyBase + (firstMinor + index);
    }

    /** usb-serial drivers (ftdi_sio, cp210x, ch341, pl2303...) add a port device between interface and tty. */
    public boolean usbSerialBus() {
        return !"cdc_acm".equals(driver);
    }
}
