package org.ctplug.plan;

import java.io.IOException;
import java.util.Set;

/** One reconcile: observe, plan, execute. Shared by {@code apply} and the daemon. */
public record Reconciler(org.ctplug.mapping.Mapping mapping, Observer observer, Executor executor) {

    /**
     * What one reconcile saw, planned and did; the {@code Nanos} fields are {@link System#nanoTime()}
     * when it started, when the world was read and when the plan was made.
     */
    public record Result(PlanInput input, Plan plan, Executor.Outcome outcome, long startedNanos,
                         long observedNanos, long plannedNanos) {
        public Result(PlanInput input, Plan plan, Executor.Outcome outcome) {
            this(input, plan, outcome, 0, 0, 0);
        }
    }

    /** Observes and plans, changing nothing: what {@code apply --dry-run} shows. */
    public Plan plan(RestartHold restartBlocked) throws IOException {
        return Planner.plan(observer.observe(mapping, restartBlocked));
    }

    public Result run(RestartHold restartBlocked) throws IOException {
        return run(restartBlocked, true);
    }

    /**
     * @param everything look at every container; otherwise only at those the devices events
     *                   named since the last pass feed (see {@link Observer#observe(org.ctplug.mapping.Mapping, Set, boolean)})
     */
    public Result run(RestartHold restartBlocked, boolean everything) throws IOException {
        long started = System.nanoTime();
        PlanInput input = observer.observe(mapping, restartBlocked, everything);
        long observed = System.nanoTime();
        Plan plan = Planner.plan(input);
        long planned = System.nanoTime();
        Executor.Outcome outcome = plan.isEmpty() ? Executor.Outcome.NOTHING
                : executor.execute(plan, input.state(), restartBlocked);
        return new Result(input, plan, outcome, started, observed, planned);
    }
}
