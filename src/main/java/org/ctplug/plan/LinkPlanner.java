package org.ctplug.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.ctplug.container.IdMap;
import org.ctplug.mapping.Mapping;
import org.ctplug.state.ContainerState;
import org.ctplug.state.MadePath;

/**
 * Plans the udev links of one running container from what its link directories hold now, level
 * triggered like its nodes. A link is ctplug's when it points, in the exact relative form ctplug
 * writes, at a node path ctplug manages there, and is either in a standard tree or recorded as
 * made in this instance of the container: such a link that is no longer wanted goes, whether or
 * not a crash kept it from being recorded; no other link is ever touched. Directories go only
 * when ctplug made them in this instance and nothing is left in them.
 */
final class LinkPlanner {

    /** The actions, the notes, and what to record as made in the container now. */
    record Result(List<Action> actions, List<String> notes, List<MadePath> links, List<MadePath> dirs) {}

    /** The running instance the actions reach: its init, its start time, its root's host ids. */
    record Instance(String container, int pid, long start, long rootUid, long rootGid) {}

    private LinkPlanner() {}

    /**
     * @param sources the nodes the container has (or gets now) with their devices' links
     * @param nodes   every path where ctplug keeps a node in the container, mapped or recorded
     */
    static Result plan(Instance at, List<LinkCheck.Source> sources, Set<String> nodes, SeenLinks seen,
                       ContainerState old) {
        List<MadePath> oldLinks = madeIn(old.links(), at.pid());
        List<MadePath> oldDirs = madeIn(old.linkDirs(), at.pid());
        if (seen instanceof SeenLinks.Unknown u) {
            // nothing is known: keep what this instance was recorded to have, change nothing
            return new Result(List.of(), List.of("container " + at.container() + ": its links were not looked at ("
                    + u.why() + "); left as they are"), oldLinks, oldDirs);
        }
        SeenLinks.Listed listed = (SeenLinks.Listed) seen;
        LinkCheck.Wanted wanted = LinkCheck.wanted(at.container(), sources, nodes);
        List<String> notes = new ArrayList<>(wanted.notes());
        Set<String> recorded = new java.util.HashSet<>();
        for (MadePath m : oldLinks) {
            recorded.add(m.path());
        }

        List<Action> actions = new ArrayList<>();
        Set<String> removed = new TreeSet<>();
        Set<String> made = new TreeSet<>();
        Set<String> madeDirs = new TreeSet<>();
        for (Map.Entry<String, SeenLinks.Entry> e : new java.util.TreeMap<>(listed.entries()).entrySet()) {
            String path = e.getKey();
            if (e.getValue() instanceof SeenLinks.Entry.Link l && ours(path, l.target(), nodes, recorded)
                    && !wanted.links().containsKey(path)) {
                actions.add(new Action.RemoveLink(at.container(), at.pid(), at.start(), at.rootUid(), at.rootGid(),
                        path, l.target()));
                removed.add(path);
            }
        }
        for (Map.Entry<String, String> w : wanted.links().entrySet()) {
            String path = w.getKey();
            SeenLinks.Entry there = listed.at(path);
            if (there instanceof SeenLinks.Entry.Link l && l.target().equals(w.getValue())) {
                continue;
            }
            Optional<String> replaces = Optional.empty();
            if (there instanceof SeenLinks.Entry.Link l && ours(path, l.target(), nodes, recorded)) {
                replaces = Optional.of(l.target());
            } else if (there != null) {
                notes.add("container " + at.container() + ": " + path + " is " + describe(there)
                        + " there, which ctplug did not make; its link to " + w.getValue() + " is not made");
                continue;
            }
            List<String> above = LinkNames.dirsAbove(path);
            String blocked = null;
            for (String d : above) {
                SeenLinks.Entry dirEntry = listed.at(d);
                if (dirEntry != null && !(dirEntry instanceof SeenLinks.Entry.Directory)) {
                    blocked = d;
                    break;
                }
            }
            if (blocked != null) {
                notes.add("container " + at.container() + ": " + blocked + " is " + describe(listed.at(blocked))
                        + " in the container, not a directory; the link " + path + " is not made");
                continue;
            }
            for (String d : above) {
                if (listed.at(d) == null) {
                    madeDirs.add(d);
                }
            }
            actions.add(new Action.MakeLink(at.container(), at.pid(), at.start(), at.rootUid(), at.rootGid(), path,
                    w.getValue(), replaces));
            made.add(path);
        }

        // innermost first: a tree goes before its parent, which may then be empty too
        List<String> emptied = new ArrayList<>();
        List<String> candidates = new ArrayList<>();
        for (MadePath m : oldDirs) {
            if (listed.at(m.path()) instanceof SeenLinks.Entry.Directory) {
                candidates.add(m.path());
            }
        }
        candidates.sort(INNERMOST_FIRST);
        for (String dir : candidates) {
            if (!holdsAny(dir + "/", listed.entries().keySet(), removed, emptied)
                    && !holdsAny(dir + "/", wanted.links().keySet(), Set.of(), List.of())) {
                emptied.add(dir);
            }
        }
        if (!emptied.isEmpty()) {
            actions.add(new Action.RemoveLinkDirs(at.container(), at.pid(), at.start(), at.rootUid(), at.rootGid(),
                    emptied));
        }

        List<MadePath> links = new ArrayList<>();
        for (MadePath m : oldLinks) {
            if (!removed.contains(m.path()) && !made.contains(m.path())
                    && listed.at(m.path()) instanceof SeenLinks.Entry.Link l && ours(m.path(), l.target(), nodes, recorded)) {
                links.add(m);
            }
        }
        for (String p : made) {
            links.add(new MadePath(p, at.pid()));
        }
        List<MadePath> dirs = new ArrayList<>();
        for (MadePath m : oldDirs) {
            if (!emptied.contains(m.path()) && listed.at(m.path()) instanceof SeenLinks.Entry.Directory) {
                dirs.add(m);
            }
        }
        for (String d : madeDirs) {
            dirs.add(new MadePath(d, at.pid()));
        }
        return new Result(actions, notes, links, dirs);
    }

    /** Trees before their parents, which may then be empty too; by name among equals. */
    private static final Comparator<String> INNERMOST_FIRST =
            Comparator.comparingInt(LinkPlanner::depth).reversed().thenComparing(Comparator.naturalOrder());

    /** One of {@code paths} lies below {@code prefix} and is neither removed nor emptied. */
    private static boolean holdsAny(String prefix, Set<String> paths, Set<String> removed, List<String> emptied) {
        for (String p : paths) {
            if (p.startsWith(prefix) && !removed.contains(p) && !emptied.contains(p)) {
                return true;
            }
        }
        return false;
    }

    /** The nodes the running container has or gets in this plan, with their devices' udev links. */
    static List<LinkCheck.Source> sources(List<Planner.Feed> feeds, ContainerView view, Optional<IdMap> idMap) {
        List<LinkCheck.Source> sources = new ArrayList<>();
        for (Planner.Feed f : feeds) {
            f.binding().flatMap(b -> LinkCheck.source(f.entry(), f.ref(), b.device(),
                    view.seen(f.path().orElseThrow()), idMap)).ifPresent(sources::add);
        }
        return sources;
    }

    /**
     * Every path where ctplug keeps a node in the container: those the mapping names, those the
     * kernel names of present devices give, and those it recorded.
     */
    static Set<String> managedNodes(Mapping mapping, String id, List<Planner.Feed> feeds, ContainerState old) {
        Set<String> paths = new TreeSet<>();
        for (var e : mapping.entries()) {
            for (var c : e.containers()) {
                if (c.id().equals(id) && c.path().isPresent()) {
                    paths.add(c.path().get());
                }
            }
        }
        for (Planner.Feed f : feeds) {
            f.path().ifPresent(paths::add);
        }
        for (var n : old.nodes()) {
            paths.add(n.path());
        }
        return paths;
    }

    /** A link that points at a node ctplug manages, in the form ctplug writes, where ctplug makes links. */
    static boolean ours(String path, String target, Set<String> nodes, Set<String> recorded) {
        if (!LinkNames.inTree(path) && !recorded.contains(path)) {
            return false;
        }
        for (String n : nodes) {
            if (!n.equals(path) && target.equals(LinkNames.target(path, n))) {
                return true;
            }
        }
        return false;
    }

    /** What the state records as made in the instance whose init is {@code pid}. */
    private static List<MadePath> madeIn(List<MadePath> made, int pid) {
        List<MadePath> in = new ArrayList<>(made.size());
        for (MadePath m : made) {
            if (m.initPid() == pid) {
                in.add(m);
            }
        }
        return in;
    }

    private static String describe(SeenLinks.Entry e) {
        if (e instanceof SeenLinks.Entry.Link l) {
            return "a symlink to " + org.ctplug.text.Text.escape(l.target());
        }
        return e instanceof SeenLinks.Entry.Other o ? o.what() : "a directory";
    }

    private static int depth(String path) {
        return (int) path.chars().filter(c -> c == '/').count();
    }
}
