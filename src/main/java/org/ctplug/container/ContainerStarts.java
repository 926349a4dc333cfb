package org.ctplug.container;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.ctplug.host.Host;
import org.ctplug.host.MountTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices containers starting, without polling: LXC makes a cgroup for every container it
 * starts, {@code lxc.payload.<name>} (LXC 4 and later; Proxmox sets {@code lxc.cgroup.dir.container
 * = lxc/<vmid>}), so an IN_CREATE on the directories it makes them in is the first sign of a start.
 * Watched: the cgroup2 root (pure cgroup2 hosts) or its {@code unified} mount (hybrid), the v1
 * devices hierarchy, their {@code lxc} directory (Proxmox), and the parent of every running
 * container's cgroup as its init's {@code /proc/<pid>/cgroup} names it, for hosts that put
 * containers elsewhere ({@code lxc.cgroup.relative}, a delegated systemd unit).
 *
 * <p>The JDK's WatchService is inotify on Linux (sun.nio.fs.LinuxWatchService: one inotify fd,
 * one thread blocked in poll(2)), so this needs no native code of its own.
 */
public final class ContainerStarts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerStarts.class);
    static final String PAYLOAD = "lxc.payload.";
    static final String PROXMOX_DIR = "lxc";

    private final WatchService watch;
    private final Consumer<String> starting;
    private final Map<WatchKey, Path> dirs = new HashMap<>();

    /** @param starting told the name of each container whose cgroup appears */
    public ContainerStarts(Consumer<String> starting) throws IOException {
        this.watch = FileSystems.getDefault().newWatchService();
        this.starting = starting;
    }

    /** Where the hierarchies LXC makes container cgroups in are mounted. */
    public record Roots(Optional<Path> unified, Optional<Path> devices) {
        /** The running system's (not moved by --root). */
        public static Roots ofHost() {
            return new Roots(MountTable.cgroup2Mounts().stream().findFirst(), Host.v1DevicesMount());
        }

        List<Path> all() {
            Set<Path> all = new LinkedHashSet<>();
            unified.ifPresent(all::add);
            devices.ifPresent(all::add);
            return List.copyOf(all);
        }
    }

    /** Watches the roots and their Proxmox {@code lxc} directory. */
    public void watchRoots(Roots roots) {
        for (Path root : roots.all()) {
            watch(root);
            Path proxmox = root.resolve(PROXMOX_DIR);
            if (Files.isDirectory(proxmox)) {
                watch(proxmox);
            }
        }
    }

    /** Watches one more directory; watching one twice is harmless, a missing one is logged. */
    public synchronized void watch(Path dir) {
        if (dirs.containsValue(dir)) {
            return;
        }
        try {
            dirs.put(dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE), dir);
            LOG.debug("watching {} for container starts", dir);
        } catch (NoSuchFileException e) {
            LOG.debug("no {} to watch for container starts", dir);
        } catch (IOException e) {
            LOG.warn("cannot watch {} for container starts ({}); they are seen at the next device event", dir,
                    e.getMessage());
        }
    }

    /**
     * Watches where a running container's cgroup lives, from its init's {@code /proc/<pid>/cgroup}:
     * the host may place containers below the roots.
     */
    public void learn(String container, String procCgroup, Roots roots) {
        placesOf(container, procCgroup, roots).forEach(this::watch);
    }

    /** Runs until {@link #close()}: each new cgroup that names a container is reported. */
    public void run() {
        try {
            while (true) {
                WatchKey key = watch.take();
                Path dir;
                synchronized (this) {
                    dir = dirs.get(key);
                }
                for (WatchEvent<?> e : key.pollEvents()) {
                    if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                        starting.accept("");
                    } else if (dir != null && e.context() instanceof Path name) {
                        if (name.toString().equals(PROXMOX_DIR)) {
                            watch(dir.resolve(PROXMOX_DIR));
                        }
                        containerOf(dir, name.toString()).ifPresent(starting);
                    }
                }
                key.reset();
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            return;
        }
    }

    @Override
    public void close() throws IOException {
        watch.close();
    }

    /** {@code lxc.payload.NAME} anywhere; {@code VMID} in a directory named {@code lxc} (Proxmox). */
    static Optional<String> containerOf(Path dir, String created) {
        if (created.startsWith(PAYLOAD) && created.length() > PAYLOAD.length()) {
            return Optional.of(created.substring(PAYLOAD.length()));
        }
        Path name = dir.getFileName();
        if (name != null && name.toString().equals(PROXMOX_DIR) && !created.startsWith(".")) {
            return Optional.of(created);
        }
        return Optional.empty();
    }

    /**
     * The directories a container's cgroup sits in, one per watched hierarchy: in each line of
     * {@code /proc/<pid>/cgroup} (cgroups(7): {@code id:controllers:path}) that belongs to a
     * root, the parent of the path component that names the container.
     */
    static List<Path> placesOf(String container, String procCgroup, Roots roots) {
        List<Path> places = new ArrayList<>();
        for (String line : procCgroup.split("\n")) {
            String[] f = line.split(":", 3);
            if (f.length < 3 || !f[2].startsWith("/")) {
                continue;
            }
            // 0:: is cgroup2; of the v1 lines only the devices controller's is watched
            Optional<Path> root = f[0].equals("0") && f[1].isEmpty() ? roots.unified()
                    : List.of(f[1].split(",")).contains("devices") ? roots.devices() : Optional.empty();
            if (root.isEmpty()) {
                continue;
            }
            String[] parts = f[2].substring(1).split("/");
            for (int i = parts.length - 1; i >= 0; i--) {
                boolean named = parts[i].equals(PAYLOAD + container)
                        || parts[i].equals(container) && i > 0 && parts[i - 1].equals(PROXMOX_DIR);
                if (named) {
                    Path place = root.get();
                    for (int j = 0; j < i; j++) {
                        place = place.resolve(parts[j]);
                    }
                    Path normal = place.normalize();
                    if (normal.startsWith(root.get())) {
                        places.add(normal);
                    }
                    break;
                }
            }
        }
        return List.copyOf(places);
    }
}
