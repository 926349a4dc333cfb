package org.ctplug.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.ctplug.exec.CommandRunner;
import org.ctplug.exec.ProcessRunner;

/** Host commands for the benchmarks; a failing setup command aborts the run, a hung one too. */
final class Sh {
    record Out(int exit, String stdout, String stderr) {
        Out ok() {
            if (exit != 0) {
                throw new IllegalStateException("exit " + exit + ": " + stderr + stdout);
            }
            return this;
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private Sh() {}

    static Out run(String... argv) {
        try {
            CommandRunner.Result r = new ProcessRunner(TIMEOUT).run(List.of(argv));
            return new Out(r.exitCode(), r.stdout(), r.stderr());
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
