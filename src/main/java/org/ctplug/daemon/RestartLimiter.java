package org.ctplug.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * At most one restart per container per interval, and the interval doubles (up to 16x) while a
 * container keeps needing restarts back to back, so a flapping device never makes a restart loop.
 */
public final class RestartLimiter {
    private static final int MAX_FACTOR = 16;

    private record Entry(Instant last, int factor) {}

    private final Duration interval;
    private final Map<String, Entry> entries = new HashMap<>();

    public RestartLimiter(Duration interval) {
        this.interval = interval;
    }

    public synchronized void restarted(String container, Instant now) {
        Entry old = entries.get(container);
        int factor = 1;
        if (old != null && now.isBefore(old.last().plus(interval.multipliedBy(old.factor() * 2L)))) {
            factor = Math.min(MAX_FACTOR, old.factor() * 2);
        }
        entries.put(container, new Entry(now, factor));
    }

    public synchronized Set<String> blocked(Instant now) {
        return entries.entrySet().stream().filter(e -> now.isBefore(releaseOf(e.getValue())))
                .map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
    }

    /** Each blocked container and when it may restart again. */
    public synchronized Map<String, Instant> heldUntil(Instant now) {
        Map<String, Instant> held = new java.util.TreeMap<>();
        entries.forEach((id, e) -> {
            if (now.isBefore(releaseOf(e))) {
                held.put(id, releaseOf(e));
            }
        });
        return held;
    }

    /** When the earliest blocked container may restart again. */
    public synchronized Optional<Instant> nextRelease(Instant now) {
        return entries.values().stream().map(this::releaseOf).filter(now::isBefore).min(Instant::compareTo);
    }

    private Instant releaseOf(Entry e) {
        return e.last().plus(interval.multipliedBy(e.factor()));
    }
}
