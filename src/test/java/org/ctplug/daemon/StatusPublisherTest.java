package org.ctplug.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ctplug.plan.Action;
import org.ctplug.plan.Executor;
import org.ctplug.plan.Reconciler;
import org.ctplug.status.Published;
import org.ctplug.status.StatusFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the daemon publishes after each reconcile for {@code ctplug status}. */
class StatusPublisherTest {
    static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path root;

    /** The publisher reads only the outcome of a reconcile: the observation and plan stay out of it. */
    static Daemon.Reconciled reconciled(Instant at, Map<String, Instant> held, Executor.Step... steps) {
        return new Daemon.Reconciled(new Reconciler.Result(null, null,
                new Executor.Outcome(List.of(), List.of(), List.of(steps))), at, held);
    }

    @Test
    void eachContainerKeepsItsLastActionAcrossReconcilesThatDoNothingForIt() throws Exception {
        StatusFile file = new StatusFile(root);
        StatusPublisher publisher = new StatusPublisher(file, 4242);
        Action inject = new Action.InjectNode("ha", 99, 1, "/dev/ttyZigbee", 4, 64, 0660, 0, 20, 0, 20, 0, 0);
        Action restart = new Action.RestartContainer("105", "a live node failed");

        publisher.accept(reconciled(T0, Map.of(), new Executor.Step(inject, Optional.empty()),
                new Executor.Step(new Action.ReloadUdev(), Optional.empty())));
        publisher.accept(reconciled(T0.plusSeconds(5), Map.of("105", T0.plusSeconds(35)),
                new Executor.Step(restart, Optional.of("pct failed"))));

        Published p = file.read().orElseThrow();
        assertThat(p.pid()).isEqualTo(4242);
        assertThat(p.reconciles()).isEqualTo(2);
        assertThat(p.lastReconcile()).isEqualTo(T0.plusSeconds(5));
        assertThat(p.lastActions()).containsOnlyKeys("ha", "105");
        assertThat(p.lastActions().get("ha"))
                .isEqualTo(new Published.LastAction(inject.describe(), T0, Optional.empty()));
        assertThat(p.lastActions().get("105").error()).contains("pct failed");
        assertThat(p.restartHeldUntil()).containsEntry("105", T0.plusSeconds(35));
    }

    @Test
    void theRateLimitSaysWhenEachHeldContainerMayRestartAgain() {
        RestartLimiter limiter = new RestartLimiter(Duration.ofSeconds(30));
        limiter.restarted("105", T0);

        assertThat(limiter.heldUntil(T0.plusSeconds(1))).containsExactly(Map.entry("105", T0.plusSeconds(30)));
        assertThat(limiter.heldUntil(T0.plusSeconds(30))).isEmpty();
    }
}
