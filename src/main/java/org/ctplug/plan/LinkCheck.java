package org.ctplug.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.ctplug.container.IdMap;
import org.ctplug.device.Device;
import org.ctplug.mapping.ContainerRef;
import org.ctplug.mapping.MappingEntry;
import org.ctplug.mapping.OnPlug;
import org.ctplug.text.Text;

/**
 * Which links a running container should have: the planner and {@code status} use this one
 * function, so status calls a link missing exactly when a reconcile would make it.
 */
public final class LinkCheck {
    private static final int SHOWN = 80;

    private LinkCheck() {}

    /** A node a running container has, or gets in this reconcile, and its device's udev links. */
    public record Source(String entry, Optional<String> entryLink, String devname, String node, List<String> links) {
        public Source {
            links = List.copyOf(links);
        }
    }

    /** The links wanted, by container path (sorted), with their targets; and why others are not made. */
    public record Wanted(Map<String, String> links, List<String> notes) {
        public Wanted {
            links = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(links));
            notes = List.copyOf(notes);
        }
    }

    /**
     * The links of the device's node in the container ({@code ref}'s path, or the one its kernel
     * name gives; {@code seen} is what is there), when the container has it: a hotplug entry's
     * node is made live for its present device; another's only comes with a start, so its links
     * wait until the node seen there is the device's. Empty with {@code links: none}.
     */
    public static Optional<Source> source(MappingEntry e, ContainerRef ref, Device device, SeenNode seen,
                                          Optional<IdMap> idMap) {
        if (!e.links()) {
            return Optional.empty();
        }
        if (e.onPlug() != OnPlug.HOTPLUG && !NodeCheck.isRight(seen, device, ref, idMap, e.onPlug())) {
            return Optional.empty();
        }
        return Optional.of(new Source(e.name(), e.link(), device.devname(), ref.pathFor(device.devname()),
                device.links()));
    }

    /**
     * The links of every source that pass {@link LinkNames#refusal} (see {@link #refusals} for
     * those that do not), each pointing at its node.
     * A link is not made where a node ctplug manages in the container is (or one below it, or
     * above), nor where two nodes would want the same name.
     *
     * @param nodes every path where ctplug keeps a node in the container
     */
    public static Wanted wanted(String container, List<Source> sources, Collection<String> nodes) {
        List<String> notes = new ArrayList<>();
        Map<String, String> targets = new TreeMap<>();
        Map<String, String> owners = new TreeMap<>();
        List<String> clashing = new ArrayList<>();
        for (Source s : sources) {
            for (String link : s.links()) {
                if (LinkNames.refusal(link, s.entryLink()).isPresent()) {
                    continue; // said once per device, by refusals()
                }
                if (link.equals(s.node())) {
                    continue; // the node itself is there
                }
                Optional<String> node = nodes.stream().filter(n -> n.equals(link) || n.startsWith(link + "/")
                        || link.startsWith(n + "/")).findFirst();
                if (node.isPresent()) {
                    notes.add("container " + container + ": udev link " + link + " of " + shown(s.devname())
                            + " is not made: it would take the place of the node " + node.get());
                    continue;
                }
                String other = owners.putIfAbsent(link, s.node());
                if (other != null && !other.equals(s.node())) {
                    notes.add("container " + container + ": udev link " + link + " is wanted for both " + other
                            + " and " + s.node() + "; neither gets it");
                    clashing.add(link);
                }
                targets.put(link, LinkNames.target(link, s.node()));
            }
        }
        clashing.forEach(targets::remove);
        return new Wanted(targets, notes);
    }

    /**
     * Why each of a bound device's udev links that fails {@link LinkNames#refusal} is made in no
     * container: one note per link, whether or not a container runs to want it.
     */
    public static List<String> refusals(MappingEntry e, Device device) {
        if (!e.links()) {
            return List.of();
        }
        List<String> notes = new ArrayList<>();
        for (String link : device.links()) {
            LinkNames.refusal(link, e.link()).ifPresent(why -> notes.add("entry " + e.name() + ": udev link \""
                    + shown(link) + "\" of " + shown(device.devname()) + " is not made in containers: " + why));
        }
        return notes;
    }

    private static String shown(String untrusted) {
        return Text.truncate(Text.escape(untrusted), SHOWN);
    }
}
