package org.ctplug.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.ctplug.exec.CommandRunner;
import org.ctplug.exec.ProcessRunner;

/** Runs host commands in tests; a command that cannot run fails the test, it never skips. */
public final class Shell {
    public record Out(int exit, String stdout, String stderr) {
        public Out ok() {
            if (exit != 0) {
                throw new AssertionError("exit " + exit + ": " + stderr + stdout);
            }
            return this;
        }

        /** Both streams, for what a command says wherever it says it. */
        public String output() {
            return stdout + stderr;
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private Shell() {}

    public static Out run(String... argv) {
        return run(List.of(argv));
    }

    /** Output goes to files and the wait is bounded: a hung tool fails the test, it never hangs the run. */
    public static Out run(List<String> argv) {
        try {
            CommandRunner.Result r = new ProcessRunner(TIMEOUT).run(argv);
            return new Out(r.exitCode(), r.stdout(), r.stderr());
        } catch (IOException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
