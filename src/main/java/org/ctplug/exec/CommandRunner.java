package org.ctplug.exec;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/** Runs an external command to completion. Tests substitute a recorder. */
public interface CommandRunner {

    /**
     * Runs {@code argv} and returns its exit code and output; a non-zero exit is a result, not an
     * exception. Throws when the command cannot be started or does not finish in time.
     */
    Result run(List<String> argv) throws IOException;

    /**
     * What a bounded wait of ctplug's own (a config lock) runs while it is still within its
     * bound, as the runner does while a child is: the daemon's runner feeds the watchdog with it.
     */
    default Runnable heartbeat() {
        return () -> { };
    }

    /** Runs a command that must succeed; a failure names the command and what it said. */
    default Result runChecked(List<String> argv) throws IOException {
        Result result = run(argv);
        if (!result.ok()) {
            String why = result.stderr().isBlank() ? result.stdout().strip() : result.stderr().strip();
            throw new IOException("'" + String.join(" ", argv) + "' failed with exit code " + result.exitCode()
                    + (why.isEmpty() ? "" : ": " + why));
        }
        return result;
    }

    record Result(int exitCode, String stdout, String stderr) {
        public Result {
            Objects.requireNonNull(stdout, "stdout");
            Objects.requireNonNull(stderr, "stderr");
        }

        public boolean ok() {
            return exitCode == 0;
        }
    }
}
