package org.ctplug.daemon;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.ctplug.plan.Executor;
import org.ctplug.status.Published;
import org.ctplug.status.StatusFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what only the daemon knows in the status file after every reconcile, so that
 * {@code ctplug status}, a separate process, can show it next to what it observes itself.
 */
public final class StatusPublisher implements Consumer<Daemon.Reconciled> {
    private static final Logger LOG = LoggerFactory.getLogger(StatusPublisher.class);

    private final StatusFile file;
    private final long pid;
    private final Map<String, Published.LastAction> lastActions = new TreeMap<>();
    private long reconciles;
    private boolean failing;

    public StatusPublisher(StatusFile file, long pid) {
        this.file = file;
        this.pid = pid;
    }

    @Override
    public void accept(Daemon.Reconciled done) {
        for (Executor.Step step : done.result().outcome().steps()) {
            Executor.containerOf(step.action()).ifPresent(id -> lastActions.put(id,
                    new Published.LastAction(step.action().describe(), done.at(), step.error())));
        }
        reconciles++;
        try {
            file.write(new Published(pid, done.at(), reconciles, lastActions, done.restartHeldUntil()));
            failing = false;
        } catch (IOException e) {
            // said once, not on every reconcile; the service goes on without it
            if (!failing) {
                LOG.warn("cannot publish the status in {}: {}", file.path(), e.getMessage());
            }
            failing = true;
        }
    }
}
