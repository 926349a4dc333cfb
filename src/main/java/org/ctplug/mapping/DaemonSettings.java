package org.ctplug.mapping;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code daemon:} section.
 *
 * @param restartInterval least time between two restarts of one container (rate limit for flapping devices)
 * @param lockTimeout how long to wait for a container config lock
 */
public record DaemonSettings(Duration restartInterval, Duration lockTimeout) {
    public static final DaemonSettings DEFAULT = new DaemonSettings(Duration.ofSeconds(30), Duration.ofSeconds(10));

    public DaemonSettings {
        Objects.requireNonNull(restartInterval, "restartInterval");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
    }
}
