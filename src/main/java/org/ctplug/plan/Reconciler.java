package org.ctplug.plan;

import java.io.IOException;
import java.util.Set;

/** One reconcile: observe, plan, execute. Shared by {@code apply} and the daemon. */
public record Reconciler(org.ctplug.mapping.Mapping mapping, Observer observer, Executor executor) {

    public record Result(PlanInput input, Plan plan, Executor.Outcome outcome) {}

    public Result run(Set<String> restartBlocked) throws IOException {
        PlanInput input = observer.observe(mapping, restartBlocked);
        Plan plan = Planner.plan(input);
        Executor.Outcome outcome = plan.isEmpty() ? new Executor.Outcome(java.util.List.of(), java.util.List.of())
                : executor.execute(plan, input.state());
        return new Result(input, plan, outcome);
    }
}
