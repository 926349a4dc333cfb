package org.ctplug.cli;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.ctplug.container.DeviceCgroup;
import org.ctplug.exec.ProcessRunner;
import org.ctplug.host.Host;
import org.ctplug.mapping.Mapping;
import org.ctplug.plan.PlanInput;
import org.ctplug.plan.RestartHold;
import org.ctplug.status.Published;
import org.ctplug.status.StatusFile;
import org.ctplug.status.StatusRender;
import org.ctplug.status.StatusReport;
import org.ctplug.text.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "status", description = {
        "Show each entry's device and, per container it feeds, whether the node and the cgroup rule are really "
                + "there, with the daemon's last action and what holds a container back.",
        "Exit 0 when every container has what the mapping wants, 3 when a running one lacks a node or rule "
                + "it should have or has one it should not."})
final class StatusCommand implements Callable<Integer> {
    /** Some running container is not as the mapping wants. */
    static final int NOT_AS_MAPPED = 3;

    @Mixin
    CommonOptions options;
    @Option(names = "--json", description = "Print a JSON object instead of lines.")
    boolean json;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Optional<Mapping> loaded = Context.loadOrReport(options, spec.commandLine().getErr());
        if (loaded.isEmpty()) {
            return Main.BAD_INPUT;
        }
        Mapping mapping = loaded.get();
        ProcessRunner runner = new ProcessRunner();
        // looks, never acts: the same observation a reconcile starts from
        PlanInput in = Context.observer(options.root, mapping, runner).observe(mapping, RestartHold.NONE);
        StatusFile file = new StatusFile(options.root);
        Optional<Published> published = file.read();
        // a pid is reused: the daemon is the process that started before it last published and
        // runs ctplug's daemon command
        boolean daemonRunning = published.flatMap(p -> ProcessHandle.of(p.pid()).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().startInstant().map(t -> !t.isAfter(p.lastReconcile())).orElse(false))
                .filter(h -> h.info().arguments().map(a -> java.util.List.of(a).contains("daemon")).orElse(false)))
                .isPresent();
        // only read here: no route to the monitor is needed
        DeviceCgroup cgroup = new DeviceCgroup(Host.v1DevicesMount(), Optional.empty(), mapping.tools().lxcCgroup(),
                runner);
        Optional<String> liveNote = Host.v1DevicesMount().isPresent() ? Optional.empty()
                : Optional.of("cgroup2: LXC's eBPF device program cannot be read back");
        StatusReport report = StatusReport.build(in, published, daemonRunning, (id, pid) -> cgroup.liveRules(pid),
                liveNote);
        spec.commandLine().getOut().print(json ? Json.write(StatusRender.json(report)) + "\n"
                : StatusRender.text(report));
        spec.commandLine().getOut().flush();
        return report.ok() ? Main.OK : NOT_AS_MAPPED;
    }
}
