package org.ctplug.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
     * LXC ignores {@code lxc.cgroup2.*} where the v1 devices controller is mounted, and
     * {@code lxc.cgroup.*} on a unified host; read the running system's mounts (not moved by --root).
     */
    public static String cgroupKey() {
        try {
            return cgroupKey(Files.readAllLines(Path.of("/proc/self/mountinfo")));
        } catch (IOException e) {
            return CGROUP2_KEY;
        }
    }

    static String cgroupKey(List<String> mountinfo) {
        for (String line : mountinfo) {
            // fields: id parent maj:min root mountpoint options ... - fstype source superoptions
            String[] f = line.split(" ");
            int dash = line.indexOf(" - ");
            if (f.length < 5 || dash < 0) {
                continue;
            }
            String[] tail = line.substring(dash + 3).split(" ");
            if (tail[0].equals("cgroup") && tail.length > 2 && List.of(tail[2].split(",")).contains("devices")) {
                return CGROUP1_KEY;
            }
        }
        return CGROUP2_KEY;
    }
}
