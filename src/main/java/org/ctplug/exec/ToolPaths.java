package org.ctplug.exec;

import java.util.Objects;

/**
 * Where the external tools ctplug calls live. The mapping's {@code tools:} section overrides
 * these so tests can point them at recording stand-ins.
 */
public record ToolPaths(String udevadm, String pct, String lxcInfo, String lxcStart, String lxcStop,
                        String lxcCgroup, String lxcAttach, String lxcWait, String systemctl, String systemdRun) {

    /** The paths Debian 12 and Proxmox VE 8 install these tools at. */
    public static final ToolPaths DEFAULT = new ToolPaths(
            "/usr/bin/udevadm", "/usr/sbin/pct", "/usr/bin/lxc-info", "/usr/bin/lxc-start",
            "/usr/bin/lxc-stop", "/usr/bin/lxc-cgroup", "/usr/bin/lxc-attach", "/usr/bin/lxc-wait",
            "/usr/bin/systemctl",
            "/usr/bin/systemd-run");

    public ToolPaths {
        Objects.requireNonNull(udevadm, "udevadm");
        Objects.requireNonNull(pct, "pct");
        Objects.requireNonNull(lxcInfo, "lxcInfo");
        Objects.requireNonNull(lxcStart, "lxcStart");
        Objects.requireNonNull(lxcStop, "lxcStop");
        Objects.requireNonNull(lxcCgroup, "lxcCgroup");
        Objects.requireNonNull(lxcAttach, "lxcAttach");
        Objects.requireNonNull(lxcWait, "lxcWait");
        Objects.requireNonNull(systemctl, "systemctl");
        Objects.requireNonNull(systemdRun, "systemdRun");
    }
}
