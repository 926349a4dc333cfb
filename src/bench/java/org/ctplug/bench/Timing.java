package org.ctplug.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One reconcile's timing line from the daemon's debug log: monotonic nanoseconds of the wake-up it
 * answered, its start, the world read, the plan made, and the end of each step by action kind.
 */
record Timing(long woken, long started, long observed, long planned, Map<String, Long> stepEnds) {
    private static final Pattern LINE = Pattern.compile(
            "timing: woken (\\d+) started (\\d+) observed (\\d+) planned (\\d+)((?: \\w+ \\d+)*)");
    private static final Pattern STEP = Pattern.compile(" (\\w+) (\\d+)");

    static List<Timing> parse(String log) {
        List<Timing> all = new ArrayList<>();
        Matcher m = LINE.matcher(log);
        while (m.find()) {
            Map<String, Long> steps = new LinkedHashMap<>();
            Matcher s = STEP.matcher(m.group(5));
            while (s.find()) {
                steps.putIfAbsent(s.group(1), Long.parseLong(s.group(2)));
            }
            all.add(new Timing(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                    Long.parseLong(m.group(4)), steps));
        }
        return all;
    }

    /**
     * Splits each sample ({@code [trigger, seen inside]}) at the reconcile that carried out its
     * cgroup step {@code rule} and node step {@code node}, and reports the p50 and p90 of each phase.
     */
    static void report(Report report, String what, List<long[]> samples, List<Timing> timings, String rule,
                       String node) {
        // answered: how long after the node the rule's answer came, for a rule left under way while
        // the node was made (a cgroup2 deny); its time is then part of the node's
        record Split(long wake, long handover, long observe, long plan, long rule, long node, long seen,
                     long answered) {}
        List<Split> splits = new ArrayList<>();
        List<Split> overlapped = new ArrayList<>();
        for (long[] sample : samples) {
            for (Timing t : timings) {
                Long r = t.stepEnds.get(rule);
                Long n = t.stepEnds.get(node);
                if (r != null && n != null && t.woken >= sample[0] && t.woken <= sample[1]) {
                    // an allow comes before the node (a node must never be openable before it is
                    // allowed); a deny sent to an LXC monitor may be answered after it
                    boolean before = r <= n;
                    Split split = new Split(t.woken - sample[0], t.started - t.woken, t.observed - t.started,
                            t.planned - t.observed, before ? r - t.planned : 0, before ? n - r : n - t.planned,
                            sample[1] - n, before ? 0 : r - n);
                    splits.add(split);
                    if (!before) {
                        overlapped.add(split);
                    }
                    break;
                }
            }
        }
        report.row("  " + what + ": samples split by the daemon's timing", String.valueOf(splits.size()), "");
        row(report, what, "trigger -> daemon woken (kernel event, netlink, listener)", splits, Split::wake);
        row(report, what, "woken -> reconcile starts (hand-over to the loop)", splits, Split::handover);
        row(report, what, "reading the host (device, config, nodes inside)", splits, Split::observe);
        row(report, what, "planning", splits, Split::plan);
        row(report, what, "cgroup rule (" + rule + ")", splits, Split::rule);
        row(report, what, "node (" + node + ")", splits, Split::node);
        row(report, what, "node done -> seen by the probe inside", splits, Split::seen);
        if (!overlapped.isEmpty()) {
            report.row("  " + what + ": samples whose " + rule + " was answered after the node (sent before it)",
                    String.valueOf(overlapped.size()), "");
            row(report, what, "node done -> " + rule + " answered, in those", overlapped, Split::answered);
        }
        long[] total = splits.stream().mapToLong(s -> s.wake + s.handover + s.observe + s.plan + s.rule + s.node
                + s.seen).toArray();
        List<Long> t = new ArrayList<>();
        for (long v : total) {
            t.add(v);
        }
        Stats st = Stats.of(t);
        report.row("  " + what + ": total p50 / p90", HostBenchmarks.ms(st.percentileMs(50)) + " / "
                + HostBenchmarks.ms(st.percentileMs(90)), "");
    }

    private static <S> void row(Report report, String what, String phase, List<S> splits, ToLongFunction<S> f) {
        List<Long> v = new ArrayList<>();
        splits.forEach(s -> v.add(f.applyAsLong(s)));
        Stats st = Stats.of(v);
        report.row("  " + what + ": " + phase + " p50 / p90", HostBenchmarks.ms(st.percentileMs(50)) + " / "
                + HostBenchmarks.ms(st.percentileMs(90)), "");
    }
}
