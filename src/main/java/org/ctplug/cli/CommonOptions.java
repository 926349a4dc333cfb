package org.ctplug.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** --config, --root and --help, shared by every command. */
final class CommonOptions {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this command's options and exit.")
    boolean help;

    @Option(names = "--root", paramLabel = "DIR", description = "Resolve every host path under DIR (default: /).")
    Path root = Path.of("/");

    @Option(names = "--config", paramLabel = "FILE",
            description = "The device mapping (default: <root>/etc/ctplug/devices.yaml).")
    Optional<Path> config = Optional.empty();

    Path configFile() {
        return config.orElse(root.resolve("etc/ctplug/devices.yaml"));
    }
}
