package org.ctplug.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every ctplug benchmark and prints one table. Started by {@code src/bench/run-benchmarks}:
 * {@code BenchMain WORKDIR JAR LAUNCHER PROBE}. Host state is put back even when a phase fails.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        Path jar = Path.of(args[1]);
        Path launcher = Path.of(args[2]);
        Path probe = Path.of(args[3]);
        String only = System.getProperty("ctplug.bench.only", "hotplug,restart,overflow,idle,jmh");
        Files.createDirectories(work);
        Report report = new Report();
        boolean failed = false;
        if (!only.equals("jmh")) {
            HostState.require();
        }
        HostBenchmarks host = new HostBenchmarks(work, jar, launcher, probe, report);
        for (String phase : only.split(",")) {
            try {
                switch (phase) {
                    case "hotplug" -> host.hotplug(Integer.getInteger("ctplug.bench.samples", 200), 5);
                    case "breakdown" -> host.breakdown(Integer.getInteger("ctplug.bench.breakdown.samples", 30));
                    case "peer" -> {
                        host.sideBySide(Integer.getInteger("ctplug.bench.peer.samples", 100), 5);
                        host.sideBySideZram(Integer.getInteger("ctplug.bench.peer.samples", 100), 5);
                    }
                    case "restart" -> host.restart(Integer.getInteger("ctplug.bench.restarts", 20));
                    case "overflow" -> host.overflow(20_000, 64 * 1024);
                    case "idle" -> host.idle(Duration.ofSeconds(60));
                    case "jmh" -> jmh(report);
                    default -> throw new IllegalArgumentException("no phase " + phase);
                }
            } catch (Exception | AssertionError e) {
                failed = true;
                report.row(phase, "FAILED: " + e.getMessage().lines().findFirst().orElse(""), "");
                e.printStackTrace();
            }
        }
        System.out.println();
        System.out.println("ctplug benchmarks (" + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + Runtime.version() + ")");
        System.out.print(report.table());
        System.exit(failed ? 1 : 0);
    }

    private static void jmh(Report report) throws Exception {
        System.out.println("== JMH: parse + match, one thread");
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(ParseMatchBenchmark.class.getName())
                .forks(1).threads(1)
                .warmupIterations(2).warmupTime(TimeValue.seconds(1))
                .measurementIterations(3).measurementTime(TimeValue.seconds(2))
                .build()).run();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            var s = r.getPrimaryResult();
            report.row("uevents/s, " + name, String.format("%,.0f ± %,.0f", s.getScore(), s.getScoreError()),
                    name.equals("parse") ? "" : ">= 200,000");
        }
    }
}
