package org.ctplug.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.ctplug.mapping.BackendKind;

/** Facts about the host that decide how ctplug writes: which backend, which devices-controller key. */
public final class Host {
    public static final String CGROUP2_KEY = "lxc.cgroup2.devices.allow";
    public static final String CGROUP1_KEY = "lxc.cgroup.devices.allow";

    private Host() {}

    /** {@code auto} means Proxmox where {@code /etc/pve/lxc} exists (pmxcfs is mounted). */
    public static BackendKind detectBackend(Path root) {
        return Files.isDirectory(root.resolve("etc/pve/lxc")) ? BackendKind.PROXMOX : BackendKind.LXC;
    }

    /**
     * Where the cgroup v1 devices controller is mounted on the running system (not moved by
     * --root); empty on a unified host such as every current Proxmox.
     */
    public static Optional<Path> v1DevicesMount() {
        return MountTable.v1DevicesMount();
    }

    /**
     * LXC ignores {@code lxc.cgroup2.*} where the v1 devices controller is mounted, and
     * {@code lxc.cgroup.*} on a unified host.
     */
    public static String cgroupKey() {
        return v1DevicesMount().isPresent() ? CGROUP1_KEY : CGROUP2_KEY;
    }

    /** What the daemon logs at start: the layout it found, the key it writes and how live rules are applied. */
    public static String deviceCgroupSummary() {
        return v1DevicesMount()
                .map(m -> "v1 devices controller at " + m + ": config key " + CGROUP1_KEY
                        + ", live rules written to devices.allow")
                .orElse("cgroup2 (no v1 devices controller): config key " + CGROUP2_KEY
                        + ", live rules through the LXC monitor");
    }
}
