package org.ctplug.plan;

import java.io.IOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One reconcile: observe, plan, execute. Shared by {@code apply} and the daemon. */
public record Reconciler(org.ctplug.mapping.Mapping mapping, Observer observer, Executor executor) {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    public record Result(PlanInput input, Plan plan, Executor.Outcome outcome) {}

    /** Observes and plans, changing nothing: what {@code apply --dry-run} shows. */
    public Plan plan(Set<String> restartBlocked) throws IOException {
        return Planner.plan(observer.observe(mapping, restartBlocked));
    }

    public Result run(Set<String> restartBlocked) throws IOException {
        long started = System.nanoTime();
        PlanInput input = observer.observe(mapping, restartBlocked);
        long observed = System.nanoTime();
        Plan plan = Planner.plan(input);
        LOG.debug("observe {} µs, plan {} µs", (observed - started) / 1000, (System.nanoTime() - observed) / 1000);
        Executor.Outcome outcome = plan.isEmpty() ? Executor.Outcome.NOTHING
                : executor.execute(plan, input.state(), restartBlocked);
        return new Result(input, plan, outcome);
    }
}
