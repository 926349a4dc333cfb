package org.ctplug.container;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.ctplug.exec.CommandRunner;

/** Small helpers shared by the backends. */
final class Commands {
    private Commands() {}

    /** Runs a command that must succeed; a failure names the command and its stderr. */
    static CommandRunner.Result runChecked(CommandRunner runner, List<String> argv) throws IOException {
        CommandRunner.Result result = runner.run(argv);
        if (!result.ok()) {
            String why = result.stderr().isBlank() ? result.stdout().strip() : result.stderr().strip();
            throw new IOException("'" + String.join(" ", argv) + "' failed with exit code " + result.exitCode()
                    + (why.isEmpty() ? "" : ": " + why));
        }
        return result;
    }

    /** An absolute host path moved under {@code --root}. */
    static Path under(Path root, String absolute) {
        return root.resolve(absolute.replaceFirst("^/+", ""));
    }
}
