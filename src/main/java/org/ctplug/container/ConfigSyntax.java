package org.ctplug.container;

/** How a backend writes a raw key: Proxmox as {@code key: value}, LXC as {@code key = value}. */
public enum ConfigSyntax {
    PROXMOX(": "),
    LXC(" = ");

    private final String separator;

    ConfigSyntax(String separator) {
        this.separator = separator;
    }

    String format(ConfigLine line) {
        return line.key() + separator + line.value();
    }
}
