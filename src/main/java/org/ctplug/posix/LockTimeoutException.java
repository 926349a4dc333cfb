package org.ctplug.posix;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** Another process kept a lock file locked for longer than ctplug was willing to wait. */
public final class LockTimeoutException extends IOException {
    private static final long serialVersionUID = 1L;

    public LockTimeoutException(Path path, Duration timeout) {
        super("another process (pct?) holds " + path + "; gave up after " + format(timeout));
    }

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
