package org.ctplug.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs host commands in tests; a command that cannot run fails the test, it never skips. */
public final class Shell {
    public record Out(int exit, String stdout, String stderr) {
        public Out ok() {
            if (exit != 0) {
                throw new AssertionError("exit " + exit + ": " + stderr + stdout);
            }
            return this;
        }
    }

    private Shell() {}

    public static Out run(String... argv) {
        return run(List.of(argv));
    }

    public static Out run(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            var out = p.getInputStream().readAllBytes();
            var err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + argv);
            }
            return new Out(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + argv + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static String sh(String script) {
        return run("sh", "-c", script).ok().stdout();
    }
}
