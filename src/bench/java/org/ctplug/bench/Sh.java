package org.ctplug.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Host commands for the benchmarks; a failing setup command aborts the run. */
final class Sh {
    record Out(int exit, String stdout, String stderr) {
        Out ok() {
            if (exit != 0) {
                throw new IllegalStateException("exit " + exit + ": " + stderr + stdout);
            }
            return this;
        }
    }

    private Sh() {}

    static Out run(String... argv) {
        return run(List.of(argv));
    }

    static Out run(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + argv);
            }
            return new Out(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + argv + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
