package org.ctplug.plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.ctplug.container.ContainerBackend;
import org.ctplug.container.ContainerStatus;
import org.ctplug.container.RunState;
import org.ctplug.container.StatusCache;
import org.ctplug.device.SysfsScanner;
import org.ctplug.mapping.Mapping;
import org.ctplug.posix.FileStatus;
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

    /** @param nodeStore the node store's host path (not under --root; it only exists on a real host) */
    public Observer(Path root, ContainerBackend backend, StateStore stateStore, Path nodeStore, String cgroupKey) {
        this.root = root;
        this.backend = backend;
        this.statuses = new StatusCache(backend);
        this.stateStore = stateStore;
        this.nodeStore = nodeStore;
        this.cgroupKey = cgroupKey;
    }

    public Path rulesFile() {
        return root.resolve("etc/udev/rules.d").resolve(RulesRenderer.FILE_NAME);
    }

    public PlanInput observe(Mapping mapping, Set<String> restartBlocked) throws IOException {
        AppliedState state = stateStore.load();
        Set<String> ids = new TreeSet<>(state.containers().keySet());
        mapping.entries().forEach(e -> e.containers().forEach(c -> ids.add(c.id())));
        Map<String, ContainerView> containers = new HashMap<>();
        for (String id : ids) {
            Optional<String> config = read(backend.configPath(id));
            ContainerStatus status = config.isPresent() ? statuses.status(id)
                    : new ContainerStatus(id, RunState.STOPPED, OptionalInt.empty());
            containers.put(id, new ContainerView(status, config));
        }
        return new PlanInput(mapping, new SysfsScanner(root).scan(), backend, cgroupKey, rulesFile(),
                read(rulesFile()).orElse(""), state, containers, restartBlocked, nodeStore, storeNodes());
    }

    private Map<Path, StoredNode> storeNodes() throws IOException {
        Map<Path, StoredNode> nodes = new HashMap<>();
        if (!Files.isDirectory(nodeStore)) {
            return nodes;
        }
        try (var walk = Files.walk(nodeStore, 2)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p) || Files.isDirectory(p) || Files.isSymbolicLink(p)) {
                    continue;
                }
                // the JDK's "unix" view has st_rdev: no native binding needed for a stat
                Map<String, Object> st = Files.readAttributes(p, "unix:mode,rdev,uid,gid",
                        java.nio.file.LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) st.get("mode");
                long rdev = (Long) st.get("rdev");
                if ((mode & 0170000) == 0020000) {
                    nodes.put(p, new StoredNode(FileStatus.major(rdev), FileStatus.minor(rdev), mode & 07777,
                            (Integer) st.get("uid"), (Integer) st.get("gid")));
                }
            }
        }
        return nodes;
    }

    /**
     * Files are read as ISO-8859-1, one char per byte, and written back the same way: a config
     * line in any encoding (or none) survives an edit byte for byte.
     */
    static Optional<String> read(Path file) throws IOException {
        try {
            return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
