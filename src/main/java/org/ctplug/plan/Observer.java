package org.ctplug.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.ctplug.container.AtomicFiles;
import org.ctplug.container.ContainerBackend;
import org.ctplug.container.ContainerStatus;
import org.ctplug.container.RunState;
import org.ctplug.container.StatusCache;
import org.ctplug.device.Device;
import org.ctplug.device.KernelEvents;
import org.ctplug.device.SysfsScanner;
import org.ctplug.mapping.Mapping;
import org.ctplug.posix.FileStatus;
import org.ctplug.posix.Posix;
import org.ctplug.posix.SymlinkOnPathException;
import org.ctplug.state.AppliedState;
import org.ctplug.state.StateStore;
import org.ctplug.udev.RulesRenderer;

/** Reads the world for one reconcile: devices, rules file, state, container configs and states, store nodes. */
public final class Observer {

    private final Path root;
    private final ContainerBackend backend;
    private final StatusCache statuses;
    private final StateStore stateStore;
    private final Path nodeStore;
    private final String cgroupKey;
    private final SysfsScanner scanner;
    private final KernelEvents events;
    /** The present devices as last read; null until the first observe. */
    private List<Device> devices;
    private final Posix posix = Posix.get();
    // the running system's, like the init PIDs: not moved by --root
    private final Path proc = Path.of("/proc");

    /** @param nodeStore the node store's host path (not under --root; it only exists on a real host) */
    public Observer(Path root, ContainerBackend backend, StateStore stateStore, Path nodeStore, String cgroupKey) {
        this(root, backend, stateStore, nodeStore, cgroupKey, KernelEvents.none());
    }

    /** @param events the kernel events seen so far, which decide presence (see {@link KernelEvents}) */
    public Observer(Path root, ContainerBackend backend, StateStore stateStore, Path nodeStore, String cgroupKey,
                    KernelEvents events) {
        this.root = root;
        this.backend = backend;
        this.statuses = new StatusCache(backend);
        this.stateStore = stateStore;
        this.nodeStore = nodeStore;
        this.cgroupKey = cgroupKey;
        this.scanner = new SysfsScanner(root, events);
        this.events = events;
    }

    public Path rulesFile() {
        return root.resolve("etc/udev/rules.d").resolve(RulesRenderer.FILE_NAME);
    }

    public PlanInput observe(Mapping mapping, Set<String> restartBlocked) throws IOException {
        AppliedState state = stateStore.load();
        Set<String> ids = new TreeSet<>(state.containers().keySet());
        // a container mid-restart may hold no line of ctplug's: its run state is still needed
        ids.addAll(state.restarting());
        mapping.entries().forEach(e -> e.containers().forEach(c -> ids.add(c.id())));
        List<Device> devices = devices();
        Map<String, ContainerView> containers = new HashMap<>();
        for (String id : ids) {
            Optional<String> config = AtomicFiles.read(backend.configPath(id));
            ContainerStatus status = config.isPresent() ? statuses.status(id)
                    : new ContainerStatus(id, RunState.STOPPED, OptionalInt.empty());
            Map<String, SeenNode> nodes = status.state() == RunState.RUNNING && status.initPid().isPresent()
                    ? look(status.initPid().getAsInt(), pathsOf(id, mapping, devices, state)) : Map.of();
            containers.put(id, new ContainerView(status, config, nodes));
        }
        return new PlanInput(mapping, devices, backend, cgroupKey, rulesFile(),
                AtomicFiles.read(rulesFile()).orElse(""), state, containers, restartBlocked, nodeStore, storeNodes());
    }

    /**
     * The paths ctplug may own in a container: those the mapping names, those the kernel names
     * of matching devices give, and those it added before.
     */
    private static Set<String> pathsOf(String id, Mapping mapping, List<Device> devices, AppliedState state) {
        Set<String> paths = new TreeSet<>();
        mapping.entries().forEach(e -> e.containers().stream().filter(c -> c.id().equals(id)).forEach(c -> {
            if (c.path().isPresent()) {
                paths.add(c.path().get());
            } else {
                devices.stream().filter(d -> Matcher.matches(e.match(), d))
                        .forEach(d -> paths.add(c.pathFor(d.devname())));
            }
        }));
        Optional.ofNullable(state.containers().get(id)).ifPresent(c -> c.nodes().forEach(n -> paths.add(n.path())));
        return paths;
    }

    /**
     * What each path holds inside the running container, seen through its init's root. The
     * container's tree is hostile ground: no symlink in it is followed, so what it plants can
     * make a path look wrong (and be replaced), never make the host look at its own files.
     */
    Map<String, SeenNode> look(int initPid, Set<String> paths) {
        Path containerRoot = proc.resolve(String.valueOf(initPid)).resolve("root");
        Map<String, SeenNode> seen = new HashMap<>();
        if (!Files.isDirectory(containerRoot)) {
            paths.forEach(p -> seen.put(p, new SeenNode.Unknown(containerRoot + " cannot be opened")));
            return seen;
        }
        for (String path : paths) {
            try {
                seen.put(path, posix.lstatBeneath(containerRoot, path.substring(1)).map(SeenNode::of)
                        .orElse(new SeenNode.Absent()));
            } catch (SymlinkOnPathException e) {
                seen.put(path, new SeenNode.Other("reached through a symlink"));
            } catch (IOException e) {
                // a lookup that fails (a security module, a filter) shows nothing: no action on a guess
                seen.put(path, new SeenNode.Unknown(e.getMessage()));
            }
        }
        return seen;
    }

    /**
     * The present devices: all of sysfs read once, then only the devices events named since (a
     * full read of 68 ttys costs about 3 ms, one device a tenth of one), until an overflow makes
     * everything uncertain again.
     */
    private List<Device> devices() throws IOException {
        Optional<Set<String>> changed = events.drain();
        if (devices == null || changed.isEmpty()) {
            devices = scanner.scan();
        } else if (!changed.get().isEmpty()) {
            List<Device> fresh = new ArrayList<>();
            devices.stream().filter(d -> !changed.get().contains(d.devpath())).forEach(fresh::add);
            try {
                for (String devpath : changed.get()) {
                    scanner.readDevpath(devpath).ifPresent(fresh::add);
                }
            } catch (IOException | RuntimeException e) {
                devices = null; // the changes are drained: only a full read can be trusted now
                throw e;
            }
            fresh.sort(Comparator.comparing(Device::devname));
            devices = List.copyOf(fresh);
        }
        return devices;
    }

    private Map<Path, StoredNode> storeNodes() throws IOException {
        Map<Path, StoredNode> nodes = new HashMap<>();
        if (!Files.isDirectory(nodeStore)) {
            return nodes;
        }
        try (var walk = Files.walk(nodeStore, 2)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                FileStatus st = FileStatus.of(p);
                int type = st.mode() & 0170000;
                // S_IFCHR, S_IFBLK (inode(7))
                if (type == 0020000 || type == 0060000) {
                    nodes.put(p, new StoredNode(type == 0060000 ? 'b' : 'c', st.major(), st.minor(),
                            st.permissions(), st.uid(), st.gid()));
                }
            }
        }
        return nodes;
    }
}
