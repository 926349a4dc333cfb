package org.ctplug.plan;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For the crash tests only: with {@code -Dctplug.test.crash-at=N} the JVM halts at the Nth step
 * boundary the executor reaches, as a kill -9 there would (no shutdown hooks, no finally blocks).
 * Counting boundaries, not naming them, lets a test walk every one of a plan without knowing it.
 * Unset, which it always is outside tests, it does nothing.
 */
final class CrashHook {
    private static final Logger LOG = LoggerFactory.getLogger(CrashHook.class);
    private static final int AT = Integer.getInteger("ctplug.test.crash-at", 0);
    private static final AtomicInteger REACHED = new AtomicInteger();

    private CrashHook() {}

    /** @param where named only when it halts there: unset, a boundary costs no text */
    static void boundary(java.util.function.Supplier<String> where) {
        if (AT > 0 && REACHED.incrementAndGet() == AT) {
            LOG.warn("crash hook: halting at boundary {} ({})", AT, where.get());
            Runtime.getRuntime().halt(137);
        }
    }
}
