package org.ctplug.status;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ctplug.container.CgroupRule;
import org.ctplug.container.ConfigEditor;
import org.ctplug.container.RunState;
import org.ctplug.device.Device;
import org.ctplug.mapping.ContainerRef;
import org.ctplug.mapping.MappingEntry;
import org.ctplug.plan.Binding;
import org.ctplug.plan.ContainerView;
import org.ctplug.plan.MatchResult;
import org.ctplug.plan.Matcher;
import org.ctplug.mapping.OnPlug;
import org.ctplug.plan.NodeCheck;
import org.ctplug.plan.PlanInput;
import org.ctplug.plan.SeenNode;

/**
 * What {@code ctplug status} reports: per entry its device, per container the entry feeds what
 * is really there (node, cgroup rule), next to what the daemon published (last action, rate
 * limit). Built from a fresh observation, so it is true with or without a daemon. {@code ok}
 * is false when a running container lacks a node or rule it should have, or has a node it
 * should not; an absent device is no fault.
 */
public record StatusReport(DaemonInfo daemon, List<EntryStatus> entries, boolean ok) {
    public StatusReport {
        entries = List.copyOf(entries);
    }

    /** The daemon as its status file shows it; {@code running} is whether its pid is alive now. */
    public record DaemonInfo(boolean running, Optional<Long> pid, Optional<Instant> lastReconcile) {}

    public record EntryStatus(String entry, Optional<Device> device, Optional<String> error,
                              List<Fed> containers) {
        public EntryStatus {
            containers = List.copyOf(containers);
        }
    }

    /** What is at a mapped path: as mapped, missing, wrong, there for an absent device, or nothing needed. */
    public enum Node {
        RIGHT("right"), MISSING("missing"), WRONG("wrong"), UNEXPECTED("unexpected"), NONE("none"),
        NOT_CHECKED("not checked");

        public final String word;

        Node(String word) {
            this.word = word;
        }
    }

    /**
     * One container an entry feeds. {@code ruleLive} is empty where the live rule cannot be read
     * ({@code ruleLiveNote} says why).
     */
    public record Fed(String id, String path, String state, boolean running, Node node, Optional<String> seen,
                      boolean ruleInConfig, Optional<Boolean> ruleLive, Optional<String> ruleLiveNote,
                      Optional<Published.LastAction> lastAction, Optional<Instant> restartHeldUntil,
                      Optional<String> lock, List<String> problems) {
        public Fed {
            problems = List.copyOf(problems);
        }
    }

    /** How to read a running container's live device rules; empty when they cannot be read. */
    public interface LiveRules {
        Optional<List<String>> of(String container, int initPid) throws IOException;
    }

    /**
     * @param liveNote why live rules cannot be read on this host, when they never can (cgroup2)
     */
    public static StatusReport build(PlanInput in, Optional<Published> published, boolean daemonRunning,
                                     LiveRules live, Optional<String> liveNote) throws IOException {
        MatchResult match = Matcher.match(in.mapping().entries(), in.devices());
        List<EntryStatus> entries = new ArrayList<>();
        boolean ok = true;
        for (MappingEntry e : in.mapping().entries()) {
            Optional<Binding> binding = match.bindingOf(e.name());
            List<Fed> fed = new ArrayList<>();
            for (ContainerRef ref : e.containers()) {
                Fed f = fed(in, e, ref, binding.map(Binding::device), published, daemonRunning, live, liveNote);
                ok &= f.problems().isEmpty();
                fed.add(f);
            }
            entries.add(new EntryStatus(e.name(), binding.map(Binding::device),
                    Optional.ofNullable(match.entryErrors().get(e.name())), fed));
        }
        DaemonInfo daemon = new DaemonInfo(daemonRunning, published.map(Published::pid),
                published.map(Published::lastReconcile));
        return new StatusReport(daemon, entries, ok);
    }

    private static Fed fed(PlanInput in, MappingEntry e, ContainerRef ref, Optional<Device> device,
                           Optional<Published> published, boolean daemonRunning, LiveRules live,
                           Optional<String> liveNote) throws IOException {
        ContainerView view = in.containers().get(ref.id());
        Optional<String> config = view == null ? Optional.empty() : view.config();
        boolean running = view != null && view.status().state() == RunState.RUNNING
                && view.status().initPid().isPresent();
        String state = view == null ? "unknown" : view.status().state().name().toLowerCase(java.util.Locale.ROOT);
        List<String> problems = new ArrayList<>();
        if (config.isEmpty()) {
            state = "no config";
        }

        Node node = Node.NOT_CHECKED;
        Optional<String> seenText = Optional.empty();
        // a path the device's kernel name gives is unknown while the device is away
        Optional<String> known = ref.path().or(() -> device.map(d -> ref.pathFor(d.devname())));
        String path = known.orElse("/dev/<kernel name>");
        if (running && known.isEmpty()) {
            node = Node.NONE;
        } else if (running) {
            SeenNode seen = view.seen(path);
            seenText = Optional.of(seen.describe());
            if (seen instanceof SeenNode.Unknown) {
                node = Node.NOT_CHECKED;
            } else if (device.isEmpty()) {
                node = seen.isDevice() ? Node.UNEXPECTED : Node.NONE;
            } else if (NodeCheck.isRight(seen, device.get(), ref, config.flatMap(c -> in.backend().idMap(c)),
                    e.onPlug())) {
                node = Node.RIGHT;
            } else {
                node = seen instanceof SeenNode.Absent ? Node.MISSING : Node.WRONG;
            }
        }
        // only hotplug entries are changed live: a "none" entry waits for the next start, and a
        // node the config bound in stays until then too, so neither is a fault a reconcile fixes
        boolean hotplug = e.onPlug() == OnPlug.HOTPLUG;
        switch (node) {
            case MISSING -> {
                if (e.onPlug() != OnPlug.NONE) {
                    problems.add("no node at " + path + " for " + device.get().devname());
                }
            }
            case WRONG -> problems.add(path + " is " + seenText.get() + ", not " + wanted(device.get()));
            case UNEXPECTED -> {
                if (hotplug) {
                    problems.add(path + " is still there, but its device is absent");
                }
            }
            default -> { }
        }

        boolean ruleInConfig = device.isPresent() && config.isPresent()
                && allows(ConfigEditor.values(config.get(), in.cgroupKey()), device.get());
        Optional<Boolean> ruleLive = Optional.empty();
        Optional<String> ruleLiveNote = Optional.empty();
        if (running && device.isPresent()) {
            if (liveNote.isPresent()) {
                ruleLiveNote = liveNote;
            } else {
                Optional<List<String>> rules = live.of(ref.id(), view.status().initPid().getAsInt());
                ruleLive = rules.map(r -> allows(r, device.get()));
                if (rules.isEmpty()) {
                    ruleLiveNote = Optional.of("the container's devices cgroup cannot be read");
                }
            }
            if (!ruleInConfig) {
                problems.add("the config allows no " + device.get().type() + " " + device.get().major() + ":" + device.get().minor());
            }
            if (ruleLive.filter(allowed -> !allowed).isPresent()) {
                problems.add("its device cgroup does not allow " + device.get().type() + " " + device.get().major() + ":"
                        + device.get().minor());
            }
        }

        Optional<Published.LastAction> last = published
                .flatMap(p -> Optional.ofNullable(p.lastActions().get(ref.id())));
        // only a running daemon holds anything back
        Optional<Instant> held = daemonRunning
                ? published.flatMap(p -> Optional.ofNullable(p.restartHeldUntil().get(ref.id()))) : Optional.empty();
        Optional<String> lock = config.flatMap(ConfigEditor::lock);
        return new Fed(ref.id(), path, state, running, node, seenText, ruleInConfig, ruleLive, ruleLiveNote,
                last, held, lock, problems);
    }

    /**
     * Whether one of the rules (config values or devices.list lines, one grammar) lets the node be
     * read and written; mknod is not needed for a node that is already there.
     */
    static boolean allows(List<String> rules, Device d) {
        CgroupRule use = new CgroupRule(d.type(), d.major(), d.minor(), "rw");
        return rules.stream().flatMap(r -> CgroupRule.parse(r).stream()).anyMatch(use::coveredBy);
    }

    private static String wanted(Device d) {
        return d.type() + " " + d.major() + ":" + d.minor() + " with the mapped owner";
    }
}
