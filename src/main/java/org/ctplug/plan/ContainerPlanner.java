package org.ctplug.plan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ctplug.container.CgroupRule;
import org.ctplug.container.ConfigEditor;
import org.ctplug.container.ConfigLine;
import org.ctplug.container.IdMap;
import org.ctplug.container.RunState;
import org.ctplug.host.Host;
import org.ctplug.live.LiveNodes;
import org.ctplug.mapping.OnPlug;
import org.ctplug.state.ContainerState;
import org.ctplug.state.MadePath;
import org.ctplug.state.NodeState;

/** Plans one container: its config lines, its live nodes and whether it must restart. */
final class ContainerPlanner {
    static final String MOUNT_KEY = "lxc.mount.entry";
    /** A grant ctplug wrote under either key is its own to take back, whichever layout the host has now. */
    private static final Set<String> GRANT_KEYS = Set.of(Host.CGROUP1_KEY, Host.CGROUP2_KEY);

    record Result(List<Action> actions, List<String> notes, Optional<ContainerState> state, boolean retry) {}

    private final PlanInput in;
    private final String id;
    private List<Planner.Feed> feeds;
    private final List<Action> actions = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    /** The running init's start time, which live steps check its PID against. */
    private long initStart;

    ContainerPlanner(PlanInput in, String id, List<Planner.Feed> feeds) {
        this.in = in;
        this.id = id;
        this.feeds = feeds;
    }

    Result plan() {
        ContainerState old = in.state().containers().getOrDefault(id,
                new ContainerState(in.backend().kind(), List.of(), List.of()));
        ContainerView view = in.containers().get(id);
        if (view == null || view.config().isEmpty()) {
            if (!feeds.isEmpty()) {
                notes.add("container " + id + ": no config at " + in.backend().configPath(id) + "; skipped");
            }
            return keep(old, false);
        }
        String config = view.config().get();
        Optional<String> lock = ConfigEditor.lock(config);
        if (lock.isPresent()) {
            // pct holds these while a backup, migration or snapshot runs: never write under it
            notes.add("container " + id + " is locked (lock: " + lock.get() + "); left alone, will retry");
            return keep(old, true);
        }
        Optional<IdMap> idMap = in.backend().idMap(config);
        // an owner the map does not hold would show as nobody/nogroup inside: give no node at all
        if (idMap.isPresent()) {
            List<Planner.Feed> mapped = new ArrayList<>(feeds.size());
            for (Planner.Feed f : feeds) {
                if (ownerMapped(f, idMap)) {
                    mapped.add(f);
                }
            }
            feeds = mapped;
        }

        Set<ConfigLine> desired = new LinkedHashSet<>();
        for (Planner.Feed f : feeds) {
            // exactly the present device: a whole major would give a privileged container every
            // device of it, the host's consoles among them; an absent one keeps no grant, since
            // the next device plugged in may get its minor
            if (f.binding().isPresent()) {
                desired.add(new ConfigLine(in.cgroupKey(), rule(f.binding().get()).toString()));
            }
            // the mount entry stays while the device is away: a re-plug changes only the grant
            Optional<String> path = f.major().isPresent() ? f.path() : Optional.empty();
            Optional<String> source = path.isPresent() ? mountSource(f, path.get(), idMap) : Optional.empty();
            if (source.isPresent()) {
                desired.add(new ConfigLine(MOUNT_KEY, source.get() + " " + path.get().substring(1)
                        + " none bind,optional,create=file"));
            }
        }
        // edit removes a line only where it is: no need to look for it first
        List<ConfigLine> remove = new ArrayList<>();
        List<ConfigLine> added = new ArrayList<>();
        for (ConfigLine l : old.addedLines()) {
            (desired.contains(l) ? added : remove).add(l);
        }
        List<ConfigLine> add = new ArrayList<>();
        for (ConfigLine l : desired) {
            if (!ConfigEditor.contains(config, l)) {
                add.add(l);
                if (!added.contains(l)) {
                    added.add(l);
                }
            }
        }
        String edited = ConfigEditor.edit(config, in.backend().syntax(), add, remove);
        boolean configChanged = !edited.equals(config);
        if (configChanged) {
            actions.add(new Action.WriteFile(in.backend().configPath(id), config, edited, in.backend().lockPath(id),
                    Optional.of(id)));
        }
        idMap.ifPresent(map -> planStore(map));

        List<NodeState> nodes = new ArrayList<>();
        boolean retry = false;
        // what ctplug made for links belongs to one instance: a stopped one has none left, while
        // one that cannot be told apart (lxc-info failed) may still have them
        List<MadePath> links = view.status().state() == RunState.STOPPED ? List.of() : old.links();
        List<MadePath> linkDirs = view.status().state() == RunState.STOPPED ? List.of() : old.linkDirs();
        if (view.status().state() != RunState.RUNNING || view.status().initPid().isEmpty()) {
            // a stopped container gets what its config says at its next start: the devices present now
            for (Planner.Feed f : feeds) {
                f.binding().ifPresent(b -> nodes.add(node(f, b, 0)));
            }
        } else {
            int pid = view.status().initPid().getAsInt();
            // 0 when unknown: a live step then refuses, as for a PID that names another process
            initStart = view.status().initStart().orElse(0);
            List<CgroupRule> removedGrants = grants(remove);
            denyRemovedGrants(pid, removedGrants, edited);
            // a mount entry at a path the kernel's name gives comes and goes with its device: that
            // is a plug or an unplug, which restarts an entry only for a device new to it (below)
            boolean mountsChanged = configChanged && (fixedMountIn(add) || fixedMountIn(remove));
            retry = planRunning(pid, old, view, idMap, mountsChanged, nodes, config, add, removedGrants);
            // an inject makes its store node itself: storing it first would make it twice
            Set<String> injected = new java.util.HashSet<>();
            boolean restarts = false;
            for (Action a : actions) {
                if (a instanceof Action.InjectNode n) {
                    injected.add(n.path());
                }
                restarts |= a instanceof Action.RestartContainer;
            }
            if (!injected.isEmpty()) {
                actions.removeIf(a -> a instanceof Action.StoreNode s && injected.contains(s.path()));
            }
            // a restart gives the container a fresh /dev: its links come once it runs again, when
            // the daemon's start wake-up (StartWaker says why not an LXC hook) plans them
            if (!restarts) {
                LinkPlanner.Result l = LinkPlanner.plan(new LinkPlanner.Instance(id, pid, initStart,
                        hostId(idMap, 0, true), hostId(idMap, 0, false)), LinkPlanner.sources(feeds, view, idMap),
                        LinkPlanner.managedNodes(in.mapping(), id, feeds, old), view.links(), old);
                actions.addAll(l.actions());
                notes.addAll(l.notes());
                links = l.links();
                linkDirs = l.dirs();
            }
        }
        ContainerState state = new ContainerState(in.backend().kind(), added, nodes, links, linkDirs);
        return new Result(actions, notes, state.isEmpty() ? Optional.empty() : Optional.of(state), retry);
    }

    /**
     * A grant ctplug takes out of a running container's config is taken back live too, unless a
     * line that stays (the user's own, say a whole major) still grants it.
     */
    private void denyRemovedGrants(int pid, List<CgroupRule> removed, String edited) {
        if (removed.isEmpty()) {
            return; // nothing taken out: the remaining grants need no reading
        }
        List<CgroupRule> remaining = new ArrayList<>();
        for (String v : ConfigEditor.values(edited, in.cgroupKey())) {
            CgroupRule.parse(v).ifPresent(remaining::add);
        }
        for (CgroupRule rule : removed) {
            if (!coveredBy(rule, remaining)) {
                actions.add(new Action.DenyDevice(id, pid, initStart, rule));
            }
        }
    }

    /**
     * @param mountsChanged the config gained or lost a mount entry: for restart entries that needs
     *                      a restart; grants are changed live
     * @param add           the lines being added to the config; a grant among them for a node the
     *                      container has already is allowed live
     * @param denied        the grants being removed; an exact grant a removed (whole-major) rule
     *                      covered is allowed again live after that rule is denied
     */
    private boolean planRunning(int pid, ContainerState old, ContainerView view, Optional<IdMap> idMap,
                                boolean mountsChanged, List<NodeState> nodes, String config,
                                List<ConfigLine> add, List<CgroupRule> denied) {
        // the state says what ctplug added; what the container has is what is seen there now
        Map<String, NodeState> recorded = new HashMap<>();
        for (NodeState n : old.nodes()) {
            recorded.put(n.path(), n);
        }
        List<String> restartReasons = new ArrayList<>();
        List<Action> live = new ArrayList<>();
        List<NodeState> viaRestart = new ArrayList<>();
        Set<String> wanted = new java.util.HashSet<>();
        for (Planner.Feed f : feeds) {
            if (f.path().isEmpty()) {
                // its device is away, and so is the kernel name that gave the path: what it had
                // is recorded, and goes below as a node no feed wants
                continue;
            }
            String path = f.path().get();
            wanted.add(path);
            SeenNode seen = view.seen(path);
            NodeState rec = recorded.get(path);
            // unseen (the init just went away, the lookup failed): act on nothing but what ctplug
            // knows it did, and say so
            boolean unseen = seen instanceof SeenNode.Unknown;
            if (unseen) {
                notes.add("container " + id + ": " + path + " " + seen.describe() + "; going by what ctplug recorded");
            }
            boolean present = seen.isDevice() || unseen && rec != null && (rec.initPid() == pid || rec.initPid() == 0);
            NodeState current = present ? rec : null;
            if (f.binding().isEmpty()) {
                if (present && f.entry().onPlug() == OnPlug.HOTPLUG) {
                    // the device is gone, and its number may go to the next device plugged in
                    live.add(new Action.RemoveNode(id, pid, initStart, path));
                } else if (current != null) {
                    // a re-plug with the same number needs nothing: keep what the container has
                    nodes.add(current);
                }
                continue;
            }
            Binding b = f.binding().get();
            NodeState want = node(f, b, pid);
            boolean right = unseen ? current != null && current.major() == want.major()
                    && current.minor() == want.minor() : NodeCheck.isRight(seen, b.device(), f.ref(), idMap,
                    f.entry().onPlug());
            if (right) {
                // kept as recorded (pid 0 stays 0): an apply that finds nothing new writes no byte
                boolean same = current != null && current.major() == want.major() && current.minor() == want.minor();
                nodes.add(same ? current : want);
                CgroupRule rule = rule(b);
                if (add.contains(new ConfigLine(in.cgroupKey(), rule.toString())) || coveredBy(rule, denied)) {
                    // the grant line is new (an older release's whole major replaced, a line
                    // removed by hand) for a device the container has: it must keep working
                    live.add(new Action.AllowDevice(id, pid, initStart, rule));
                }
                continue;
            }
            switch (f.entry().onPlug()) {
                case HOTPLUG -> {
                    live.add(new Action.AllowDevice(id, pid, initStart, rule(b)));
                    live.add(new Action.InjectNode(id, pid, initStart, path, b.device().type(), b.device().major(),
                            b.device().minor(),
                            f.entry().mode(), f.ref().uid(), f.ref().gid(), hostId(idMap, f.ref().uid(), true),
                            hostId(idMap, f.ref().gid(), false), hostId(idMap, 0, true), hostId(idMap, 0, false)));
                    nodes.add(want);
                }
                case RESTART -> {
                    restartReasons.add(f.entry().name() + ": " + b.device().devname() + " (" + b.device().type()
                            + " " + b.device().major()
                            + ":" + b.device().minor() + ") is new to it");
                    viaRestart.add(node(f, b, 0));
                    if (current != null) {
                        nodes.add(current);
                    }
                }
                case NONE -> { }
            }
        }
        // a node no feed names now: of a mapping change, or of an absent device whose path came
        // from its kernel name; that of a restart or none entry stays until the next start, as for
        // a device at a fixed path, and it cannot be told apart from the others, so all stay then
        boolean keepUnnamed = false;
        boolean restartEntries = feeds.isEmpty() && in.mapping().defaults().onPlug() == OnPlug.RESTART;
        for (Planner.Feed f : feeds) {
            keepUnnamed |= f.path().isEmpty() && f.entry().onPlug() != OnPlug.HOTPLUG;
            restartEntries |= f.entry().onPlug() == OnPlug.RESTART;
        }
        for (String p : new java.util.TreeSet<>(recorded.keySet())) {
            if (wanted.contains(p) || !(view.seen(p).isDevice() || view.seen(p) instanceof SeenNode.Unknown)) {
                continue;
            }
            if (keepUnnamed) {
                nodes.add(recorded.get(p));
            } else {
                live.add(new Action.RemoveNode(id, pid, initStart, p));
            }
        }
        if (mountsChanged && restartEntries && restartReasons.isEmpty()) {
            restartReasons.add("its mount entries changed");
        }
        if (restartReasons.isEmpty()) {
            actions.addAll(live);
            return false;
        }
        if (in.restartBlocked().holds(id)) {
            // a wait for the events to pause lasts a moment and is no news; the rate limit's is
            if (in.restartBlocked().limited().contains(id)) {
                notes.add("container " + id + ": restart held back by the rate limit ("
                        + String.join("; ", restartReasons) + ")");
            }
            actions.addAll(live);
            return true;
        }
        // the restart gives the container every node its config names: no live work needed
        if (config.lines().anyMatch(l -> l.strip().equals("[pve:pending]"))) {
            // pct reboot applies pending changes too: say so, the admin may not expect it
            restartReasons.add("note: this also applies the container's [pve:pending] changes");
        }
        actions.add(new Action.RestartContainer(id, String.join("; ", restartReasons)));
        List<NodeState> afterRestart = new ArrayList<>(viaRestart);
        nodes.stream().filter(n -> viaRestart.stream().noneMatch(v -> v.path().equals(n.path())))
                .map(n -> new NodeState(n.path(), n.major(), n.minor(), 0)).forEach(afterRestart::add);
        nodes.clear();
        nodes.addAll(afterRestart);
        return false;
    }

    /** Whether a mount entry among {@code lines} targets a path a feed names (not one a kernel name gives). */
    private boolean fixedMountIn(List<ConfigLine> lines) {
        for (ConfigLine l : lines) {
            if (!l.key().equals(MOUNT_KEY)) {
                continue;
            }
            String target = mountTarget(l.value());
            for (Planner.Feed f : feeds) {
                if (f.ref().path().isPresent() && f.ref().path().get().substring(1).equals(target)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The device rules the grant lines among {@code lines} hold. */
    private static List<CgroupRule> grants(List<ConfigLine> lines) {
        List<CgroupRule> rules = new ArrayList<>();
        for (ConfigLine l : lines) {
            if (GRANT_KEYS.contains(l.key())) {
                CgroupRule.parse(l.value()).ifPresent(rules::add);
            }
        }
        return rules;
    }

    private static boolean coveredBy(CgroupRule rule, List<CgroupRule> rules) {
        for (CgroupRule r : rules) {
            if (rule.coveredBy(r)) {
                return true;
            }
        }
        return false;
    }

    /** Unprivileged containers mount nodes from ctplug's store, owned by their mapped ids. */
    private void planStore(IdMap map) {
        for (Planner.Feed f : feeds) {
            f.binding().ifPresent(b -> {
                String path = f.path().orElseThrow();
                Path host = LiveNodes.storedNode(in.nodeStore(), id, path);
                StoredNode want = new StoredNode(b.device().type(), b.device().major(), b.device().minor(),
                        f.entry().mode(),
                        hostId(Optional.of(map), f.ref().uid(), true), hostId(Optional.of(map), f.ref().gid(), false));
                if (!want.equals(in.storeNodes().get(host))) {
                    actions.add(new Action.StoreNode(id, path, want.type(), want.major(), want.minor(), want.mode(),
                            want.uid(), want.gid()));
                }
            });
        }
    }

    /**
     * Whether the entry's owner, and the container's root (who makes the mount point inside),
     * have host ids in the container's map; if not, says so in a note naming all three.
     */
    private boolean ownerMapped(Planner.Feed f, Optional<IdMap> idMap) {
        if (idMap.isEmpty()) {
            return true;
        }
        IdMap map = idMap.get();
        List<String> missing = new ArrayList<>();
        for (long uid : new LinkedHashSet<>(List.of(0L, (long) f.ref().uid()))) {
            if (map.hostUid(uid).isEmpty()) {
                missing.add("uid " + uid + " (the lxc.idmap u ranges hold " + map.describeUids() + ")");
            }
        }
        for (long gid : new LinkedHashSet<>(List.of(0L, (long) f.ref().gid()))) {
            if (map.hostGid(gid).isEmpty()) {
                missing.add("gid " + gid + " (the lxc.idmap g ranges hold " + map.describeGids() + ")");
            }
        }
        if (missing.isEmpty()) {
            return true;
        }
        notes.add("entry " + f.entry().name() + ": " + String.join(" and ", missing) + " not mapped in container "
                + id + "; it gets no node (fix uid/gid in the mapping or the container's lxc.idmap)");
        return false;
    }

    /** The host id of a container id; checked by ownerMapped, and the id itself when privileged. */
    private static long hostId(Optional<IdMap> idMap, long id, boolean user) {
        return (user ? IdMap.hostUid(idMap, id) : IdMap.hostGid(idMap, id)).getAsLong();
    }

    /**
     * The host side of the mount entry: the udev link, which follows the device across re-plugs,
     * else the node itself while it is there. A bind-mounted host /dev node keeps its host owner,
     * which an unprivileged container sees as nobody: those mount ctplug's store node.
     */
    private Optional<String> mountSource(Planner.Feed f, String path, Optional<IdMap> idMap) {
        if (idMap.isPresent()) {
            return Optional.of(LiveNodes.storedNode(in.nodeStore(), id, path).toString());
        }
        return f.entry().link().map(l -> "/dev/" + l)
                .or(() -> f.binding().map(b -> "/dev/" + b.device().devname()));
    }

    /** The target of an {@code lxc.mount.entry} value: its second field, relative to the container's root. */
    private static String mountTarget(String value) {
        String[] f = value.trim().split("\\s+");
        return f.length > 1 ? f[1] : "";
    }

    private static CgroupRule rule(Binding b) {
        return CgroupRule.exact(b.device().type(), b.device().major(), b.device().minor());
    }

    private static NodeState node(Planner.Feed f, Binding b, int pid) {
        return new NodeState(f.path().orElseThrow(), b.device().major(), b.device().minor(), pid);
    }

    private Result keep(ContainerState old, boolean retry) {
        boolean empty = old.isEmpty() && feeds.isEmpty();
        return new Result(actions, notes, empty ? Optional.empty() : Optional.of(old), retry);
    }
}
