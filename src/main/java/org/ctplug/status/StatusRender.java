package org.ctplug.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ctplug.plan.LinkNames;
import org.ctplug.text.Text;

/** {@code status} as JSON (the keys the README fixes) or as lines for a terminal. */
public final class StatusRender {
    private StatusRender() {}

    public static Map<String, Object> json(StatusReport r) {
        Map<String, Object> daemon = new LinkedHashMap<>();
        daemon.put("running", r.daemon().running());
        daemon.put("pid", r.daemon().pid());
        daemon.put("lastReconcile", r.daemon().lastReconcile().map(Object::toString));
        List<Object> entries = new ArrayList<>();
        for (StatusReport.EntryStatus e : r.entries()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("entry", e.entry());
            entry.put("device", e.device().map(d -> {
                Map<String, Object> dev = new LinkedHashMap<>();
                dev.put("devname", d.devname());
                dev.put("major", d.major());
                dev.put("minor", d.minor());
                return dev;
            }));
            entry.put("error", e.error());
            List<Object> containers = new ArrayList<>();
            e.containers().forEach(f -> containers.add(json(f)));
            entry.put("containers", containers);
            entries.add(entry);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("ok", r.ok());
        doc.put("daemon", daemon);
        doc.put("entries", entries);
        return doc;
    }

    private static Map<String, Object> json(StatusReport.Fed f) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", f.id());
        c.put("path", f.path());
        c.put("state", f.state());
        c.put("running", f.running());
        c.put("node", f.node().word);
        c.put("seen", f.seen());
        c.put("links", f.links());
        c.put("ruleInConfig", f.ruleInConfig());
        c.put("ruleLive", f.ruleLive());
        c.put("ruleLiveNote", f.ruleLiveNote());
        c.put("lastAction", f.lastAction().map(a -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("action", a.action());
            m.put("at", a.at().toString());
            m.put("error", a.error());
            return m;
        }));
        c.put("restartHeldUntil", f.restartHeldUntil().map(Object::toString));
        c.put("lock", f.lock());
        c.put("problems", f.problems());
        return c;
    }

    /** Human lines; container ids, paths and device names are printed with control characters escaped. */
    public static String text(StatusReport r) {
        StringBuilder out = new StringBuilder();
        out.append("daemon: ").append(r.daemon().running() ? "running" : "not running")
                .append(r.daemon().pid().map(p -> " (pid " + p + ")").orElse(""))
                .append(r.daemon().lastReconcile().map(t -> ", last reconcile " + t).orElse(""))
                .append('\n');
        for (StatusReport.EntryStatus e : r.entries()) {
            out.append("entry ").append(e.entry()).append(": ")
                    .append(e.device().map(d -> Text.escape(d.devname()) + " (" + d.major() + ":" + d.minor() + ")")
                            .orElse("device absent"))
                    .append(e.error().map(err -> "; " + Text.escape(err)).orElse("")).append('\n');
            for (StatusReport.Fed f : e.containers()) {
                out.append("  container ").append(Text.escape(f.id())).append(" (").append(f.state()).append("): ")
                        .append(Text.escape(f.path())).append(' ').append(f.node().word)
                        .append(f.seen().filter(s -> f.node() != StatusReport.Node.NONE)
                                .map(s -> " [" + Text.escape(s) + "]").orElse(""))
                        .append("; rule in config ").append(f.ruleInConfig() ? "yes" : "no")
                        .append(f.ruleLive().map(l -> ", live " + (l ? "yes" : "no")).orElse(""))
                        .append(f.ruleLiveNote().map(n -> ", live: " + n).orElse("")).append('\n');
                f.links().forEach(l -> out.append("    link ").append(Text.escape(l)).append(" -> ")
                        .append(Text.escape(LinkNames.target(l, f.path()))).append('\n'));
                f.lastAction().ifPresent(a -> out.append("    last action ").append(a.at()).append(": ")
                        .append(Text.escape(a.action())).append(a.error().map(err -> " FAILED: " + Text.escape(err))
                                .orElse("")).append('\n'));
                f.restartHeldUntil().ifPresent(t -> out.append("    restart held back by the rate limit until ")
                        .append(t).append('\n'));
                f.lock().ifPresent(l -> out.append("    held back: locked (lock: ").append(Text.escape(l))
                        .append(")\n"));
                f.problems().forEach(p -> out.append("    ! ").append(Text.escape(p)).append('\n'));
            }
        }
        out.append(r.ok() ? "every container has what the mapping wants\n"
                : "some running container does not have what the mapping wants\n");
        return out.toString();
    }
}
