package org.ctplug.testing;

import org.ctplug.host.Host;

/**
 * The cgroup layout a host test runs on. CI runs the host tests twice: on the machine's own
 * hybrid layout (the v1 devices controller) and in a private mount namespace with only cgroup2
 * mounted, as on every current Proxmox host. It names the pass in {@code -Dctplug.layout}, and
 * every host test checks it really runs there, so a pass cannot silently test the other layout.
 */
public enum Layout {
    V1("v1", "lxc.cgroup.", "live rules written to devices.allow"),
    CGROUP2("cgroup2", "lxc.cgroup2.", "live rules through the LXC monitor");

    public final String name;
    /** Prefix of the LXC config keys that reach this layout's device controller. */
    public final String keyPrefix;
    /** What the daemon's start-up line says of how it applies a live rule here. */
    public final String liveMechanism;

    Layout(String name, String keyPrefix, String liveMechanism) {
        this.name = name;
        this.keyPrefix = keyPrefix;
        this.liveMechanism = liveMechanism;
    }

    public static Layout current() {
        return Host.v1DevicesMount().isPresent() ? V1 : CGROUP2;
    }

    /** The current layout, failing when the run asked for another one. */
    public static Layout require() {
        Layout now = current();
        String wanted = System.getProperty("ctplug.layout", "");
        if (!wanted.isEmpty() && !wanted.equals(now.name)) {
            throw new AssertionError("this pass must run on the " + wanted + " layout, but the host has " + now.name
                    + " (" + Host.deviceCgroupSummary() + ")");
        }
        return now;
    }

    /** The config key that allows a device on this layout, e.g. {@code lxc.cgroup2.devices.allow}. */
    public String allowKey() {
        return keyPrefix + "devices.allow";
    }

    public String denyKey() {
        return keyPrefix + "devices.deny";
    }
}
