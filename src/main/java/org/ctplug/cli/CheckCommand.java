package org.ctplug.cli;

import java.util.concurrent.Callable;
import java.util.Optional;
import org.ctplug.mapping.Mapping;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "check", description = "Validate the mapping: exit 0 when valid, 2 when not.")
final class CheckCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Optional<Mapping> mapping = Context.loadOrReport(options, spec.commandLine().getErr());
        if (mapping.isEmpty()) {
            return Main.BAD_INPUT;
        }
        spec.commandLine().getOut().printf("%s: valid, %d entr%s, backend %s%n", options.configFile(),
                mapping.get().entries().size(), mapping.get().entries().size() == 1 ? "y" : "ies",
                mapping.get().backend().name().toLowerCase(java.util.Locale.ROOT));
        return Main.OK;
    }
}
