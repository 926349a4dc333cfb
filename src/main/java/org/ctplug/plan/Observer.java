package org.ctplug.plan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.ctplug.live.LiveNodes;
import org.ctplug.mapping.Mapping;
import org.ctplug.posix.DirEntry;
import org.ctplug.posix.FileStatus;
import org.ctplug.posix.Posix;
import org.ctplug.posix.Root;
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

    /** Looks at every container and, unless events say which devices changed, every device. */
    public PlanInput observe(Mapping mapping, RestartHold restartBlocked) throws IOException {
        return observe(mapping, restartBlocked, true);
    }

    /**
     * @param everything look at every container (a start, a retry, a mapping change); otherwise
     *                   only at the containers fed by entries a changed device matches, before or
     *                   after the change, when the events named the devices that changed
     */
    public PlanInput observe(Mapping mapping, RestartHold restartBlocked, boolean everything) throws IOException {
        AppliedState state = stateStore.load();
        Set<String> ids = new TreeSet<>(state.containers().keySet());
        // a container mid-restart may hold no line of ctplug's: its run state is still needed
        ids.addAll(state.restarting());
        for (var e : mapping.entries()) {
            for (var c : e.containers()) {
                ids.add(c.id());
            }
        }
        Optional<Set<String>> changed = events.drain();
        List<Device> before = devices;
        List<Device> devices = devices(changed);
        Optional<Set<String>> scope = everything || before == null || changed.isEmpty()
                || !state.restarting().isEmpty() || state.udevPending() ? Optional.empty()
                : Optional.of(fedBy(mapping, changed.get(), before, devices));
        scope.ifPresent(ids::retainAll);
        Map<String, ContainerView> containers = new HashMap<>();
        // only an unprivileged container mounts nodes from the store: the others' are not planned
        Set<String> mapped = new TreeSet<>();
        for (String id : ids) {
            Optional<String> config = AtomicFiles.read(backend.configPath(id));
            if (config.isPresent() && backend.idMap(config.get()).isPresent()) {
                mapped.add(id);
            }
            ContainerStatus status = config.isPresent() ? statuses.status(id)
                    : new ContainerStatus(id, RunState.STOPPED, OptionalInt.empty());
            boolean running = status.state() == RunState.RUNNING && status.initPid().isPresent();
            Inside inside = running ? lookInside(rootOf(status.initPid().getAsInt()),
                    pathsOf(id, mapping, devices, state), topLinksOf(id, mapping, state)) : Inside.NOTHING;
            Map<String, SeenNode> nodes = inside.nodes();
            SeenLinks links = inside.links();
            containers.put(id, new ContainerView(status, config, nodes, links));
        }
        return new PlanInput(mapping, devices, backend, cgroupKey, rulesFile(),
                AtomicFiles.read(rulesFile()).orElse(""), state, containers, restartBlocked, nodeStore,
                storeNodes(mapped), scope, events.handledBeforeRules());
    }

    /**
     * The containers of the entries that one of the changed devices matches, as it was or as it
     * is: only their bindings can have changed (a device that appears or goes, a second one that
     * makes a match ambiguous, new links from udev).
     */
    private static Set<String> fedBy(Mapping mapping, Set<String> changed, List<Device> before, List<Device> now) {
        List<Device> touched = new ArrayList<>();
        for (List<Device> table : List.of(before, now)) {
            for (Device d : table) {
                if (changed.contains(d.devpath())) {
                    touched.add(d);
                }
            }
        }
        Set<String> ids = new TreeSet<>();
        for (var e : mapping.entries()) {
            for (Device d : touched) {
                if (Matcher.matches(e.match(), d)) {
                    e.containers().forEach(c -> ids.add(c.id()));
                    break;
                }
            }
        }
        return ids;
    }

    /**
     * The paths ctplug may own in a container: those the mapping names, those the kernel names
     * of matching devices give, and those it added before.
     */
    private static Set<String> pathsOf(String id, Mapping mapping, List<Device> devices, AppliedState state) {
        Set<String> paths = new TreeSet<>();
        for (var e : mapping.entries()) {
            for (var c : e.containers()) {
                if (!c.id().equals(id)) {
                    continue;
                }
                if (c.path().isPresent()) {
                    paths.add(c.path().get());
                    continue;
                }
                for (Device d : devices) {
                    if (Matcher.matches(e.match(), d)) {
                        paths.add(c.pathFor(d.devname()));
                    }
                }
            }
        }
        var recorded = state.containers().get(id);
        if (recorded != null) {
            for (var n : recorded.nodes()) {
                paths.add(n.path());
            }
        }
        return paths;
    }

    /** What a running container holds at its node paths and in its link directories. */
    record Inside(Map<String, SeenNode> nodes, SeenLinks links) {
        static final Inside NOTHING = new Inside(Map.of(), SeenLinks.NONE);
    }

    /**
     * The nodes at {@code paths} ({@link #look}) and the links ({@link #lookLinks}) inside the
     * container whose root this is, the root reached once for both; all unknown when it cannot
     * be opened.
     */
    Inside lookInside(Path containerRoot, Set<String> paths, Set<String> names) {
        try (Root r = posix.openRoot(containerRoot)) {
            return new Inside(look(r, paths), lookLinks(r, names));
        } catch (IOException e) {
            String why = containerRoot + " cannot be opened";
            Map<String, SeenNode> seen = new HashMap<>();
            paths.forEach(p -> seen.put(p, new SeenNode.Unknown(why)));
            return new Inside(seen, new SeenLinks.Unknown(why));
        }
    }

    private Path rootOf(int initPid) {
        return proc.resolve(String.valueOf(initPid)).resolve("root");
    }

    /**
     * What each path holds inside the running container, seen through its init's root. The
     * container's tree is hostile ground: no symlink in it is followed, so what it plants can
     * make a path look wrong (and be replaced), never make the host look at its own files.
     */
    private Map<String, SeenNode> look(Root containerRoot, Set<String> paths) {
        Map<String, SeenNode> seen = new HashMap<>();
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
     * What the directories udev links live in hold inside the running container, parents first
     * (a tree is listed only when its parent is a directory, so a container without them costs a
     * lookup of each), and what is at each of {@code names} directly in /dev. Read as
     * {@link #look} reads, following no symlink.
     */
    private SeenLinks lookLinks(Root containerRoot, Set<String> names) {
        Map<String, SeenLinks.Entry> entries = new HashMap<>();
        try {
            // what is directly in /dev, /dev reached once: the trees' tops and the entries' own names
            Set<String> top = new TreeSet<>();
            for (String dir : LinkNames.observedDirs()) {
                if (dir.lastIndexOf('/') == "/dev".length()) {
                    top.add(dir.substring("/dev/".length()));
                }
            }
            names.forEach(n -> top.add(n.substring("/dev/".length())));
            for (Map.Entry<String, FileStatus> e : posix.lstatEachBeneath(containerRoot, "dev", top)
                    .orElse(Map.of()).entrySet()) {
                String path = "/dev/" + e.getKey();
                at(containerRoot, path, e.getValue()).ifPresent(seen -> entries.put(path, seen));
            }
            for (String dir : LinkNames.observedDirs()) {
                if (entries.get(dir) instanceof SeenLinks.Entry.Directory) {
                    for (DirEntry e : posix.listBeneath(containerRoot, dir.substring(1)).orElse(List.of())) {
                        entries.put(dir + "/" + e.name(), entryOf(e));
                    }
                }
            }
        } catch (IOException e) {
            // /dev a symlink, a directory turned symlink since its parent was read, or a failed lookup
            return new SeenLinks.Unknown(e.getMessage());
        }
        return new SeenLinks.Listed(entries);
    }

    /**
     * The names directly in /dev where ctplug may keep a link in a container: the links of the
     * entries that feed it, and those it recorded making there.
     */
    private static Set<String> topLinksOf(String id, Mapping mapping, AppliedState state) {
        Set<String> names = new TreeSet<>();
        for (var e : mapping.entries()) {
            if (e.link().isEmpty()) {
                continue;
            }
            for (var c : e.containers()) {
                if (c.id().equals(id)) {
                    names.add("/dev/" + e.link().get());
                    break;
                }
            }
        }
        var recorded = state.containers().get(id);
        if (recorded != null) {
            for (var l : recorded.links()) {
                names.add(l.path());
            }
        }
        names.removeIf(n -> n.indexOf('/', "/dev/".length()) >= 0);
        return names;
    }

    /** What is at one path, seen with {@code st}: a symlink's target is read only for a symlink. */
    private Optional<SeenLinks.Entry> at(Root containerRoot, String path, FileStatus st) throws IOException {
        if ((st.mode() & 0170000) == 0120000) {
            return posix.entryBeneath(containerRoot, path.substring(1)).map(Observer::entryOf);
        }
        return Optional.of(st.isDirectory() ? new SeenLinks.Entry.Directory()
                : new SeenLinks.Entry.Other(SeenNode.of(st).describe()));
    }

    private static SeenLinks.Entry entryOf(DirEntry e) {
        if (e.isSymlink()) {
            return new SeenLinks.Entry.Link(e.target());
        }
        return e.status().isDirectory() ? new SeenLinks.Entry.Directory()
                : new SeenLinks.Entry.Other(SeenNode.of(e.status()).describe());
    }

    /**
     * The present devices: all of sysfs read once, then only the devices events named since (a
     * full read of 68 ttys costs about 3 ms, one device a tenth of one), until an overflow makes
     * everything uncertain again.
     */
    private List<Device> devices(Optional<Set<String>> changed) throws IOException {
        if (devices == null || changed.isEmpty()) {
            devices = scanner.scan();
        } else if (!changed.get().isEmpty()) {
            List<Device> fresh = new ArrayList<>(devices.size() + changed.get().size());
            for (Device d : devices) {
                if (!changed.get().contains(d.devpath())) {
                    fresh.add(d);
                }
            }
            try {
                for (String devpath : changed.get()) {
                    Optional<Device> read = scanner.readDevpath(devpath);
                    if (read.isPresent()) {
                        // in the full scan's order, found by halving: no sort of the whole table per event
                        int at = java.util.Collections.binarySearch(fresh, read.get(), SysfsScanner.ORDER);
                        fresh.add(at < 0 ? -at - 1 : at, read.get());
                    }
                }
            } catch (IOException | RuntimeException e) {
                devices = null; // the changes are drained: only a full read can be trusted now
                throw e;
            }
            devices = List.copyOf(fresh);
        }
        return devices;
    }

    /** The nodes in the store directories of {@code ids}, by host path. */
    private Map<Path, StoredNode> storeNodes(Set<String> ids) throws IOException {
        Map<Path, StoredNode> nodes = new HashMap<>();
        for (String id : ids) {
            Path dir = LiveNodes.storeDir(nodeStore, id);
            Optional<List<DirEntry>> entries;
            try {
                entries = posix.listBeneath(dir.getParent(), dir.getFileName().toString());
            } catch (SymlinkOnPathException e) {
                continue; // not a directory ctplug made: nothing of its is in it
            } catch (org.ctplug.sys.ErrnoException e) {
                if (e.errno() == org.ctplug.sys.Errno.ENOENT) {
                    continue; // no store yet: a daemon makes it at its first live node
                }
                throw e;
            }
            for (DirEntry e : entries.orElse(List.of())) {
                FileStatus st = e.status();
                int type = st.mode() & 0170000;
                // S_IFCHR, S_IFBLK (inode(7))
                if (type == 0020000 || type == 0060000) {
                    nodes.put(dir.resolve(e.name()), new StoredNode(type == 0060000 ? 'b' : 'c', st.major(),
                            st.minor(), st.permissions(), st.uid(), st.gid()));
                }
            }
        }
        return nodes;
    }
}
