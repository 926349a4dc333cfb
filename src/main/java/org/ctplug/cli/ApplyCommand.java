package org.ctplug.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.ctplug.mapping.Mapping;
import org.ctplug.plan.Action;
import org.ctplug.exec.ProcessRunner;
import org.ctplug.plan.Plan;
import org.ctplug.plan.Reconciler;
import org.ctplug.plan.RestartHold;
import org.ctplug.text.Text;
import org.ctplug.text.UnifiedDiff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "apply", description = "Reconcile once: udev rules, container configs, live nodes, restarts.")
final class ApplyCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;
    @Option(names = "--dry-run", description = "Print the plan and the diffs; change nothing.")
    boolean dryRun;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Optional<Mapping> mapping = Context.loadOrReport(options, spec.commandLine().getErr());
        if (mapping.isEmpty()) {
            return Main.BAD_INPUT;
        }
        Reconciler reconciler = Context.reconciler(options.root, mapping.get(), new ProcessRunner());
        return reconcile(reconciler, dryRun, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    static int reconcile(Reconciler reconciler, boolean dryRun, PrintWriter out, PrintWriter err) throws IOException {
        if (dryRun) {
            print(reconciler.plan(RestartHold.NONE), out);
            return Main.OK;
        }
        Reconciler.Result r = reconciler.run(RestartHold.NONE);
        boolean ok = r.outcome().ok();
        java.util.Set<String> notes = new java.util.LinkedHashSet<>(r.plan().notes());
        if (ok && !r.plan().actionsOf(Action.TriggerDevices.class).isEmpty()) {
            // the replay (trigger --settle) gave the devices their links under the new rules, ctplug's
            // own among them: they are in udev's database only now, so one more pass gives them to
            // the containers, as the daemon's next event would
            Reconciler.Result again = reconciler.run(RestartHold.NONE);
            ok = again.outcome().ok();
            notes.addAll(again.plan().notes());
        }
        notes.forEach(n -> err.println("ctplug: " + n));
        err.flush();
        if (r.plan().actions().isEmpty()) {
            out.println("nothing to do");
        }
        out.flush();
        return ok ? Main.OK : Main.FAILED;
    }

    static void print(Plan plan, PrintWriter out) {
        plan.notes().forEach(n -> out.println("note: " + n));
        if (plan.actions().isEmpty()) {
            out.println("nothing to do");
        }
        for (Action action : plan.actions()) {
            out.println("* " + action.describe());
            if (action instanceof Action.WriteFile w) {
                // shown as the text an editor shows; written back byte for byte all the same
                out.print(UnifiedDiff.diff(w.path().toString(), Text.asUtf8(w.before()), Text.asUtf8(w.after())));
            }
        }
        out.flush();
    }
}
