package org.ctplug.status;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What only the daemon knows, as it publishes it after each reconcile: its pid, when it last
 * reconciled, the last action it took per container, and the containers whose restart the rate
 * limit holds back (and until when).
 */
public record Published(long pid, Instant lastReconcile, long reconciles, Map<String, LastAction> lastActions,
                        Map<String, Instant> restartHeldUntil) {
    public Published {
        Objects.requireNonNull(lastReconcile, "lastReconcile");
        lastActions = Map.copyOf(lastActions);
        restartHeldUntil = Map.copyOf(restartHeldUntil);
    }

    /** One action as {@code apply --dry-run} describes it, when it ran, and its error if it failed. */
    public record LastAction(String action, Instant at, Optional<String> error) {
        public LastAction {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(error, "error");
        }
    }
}
