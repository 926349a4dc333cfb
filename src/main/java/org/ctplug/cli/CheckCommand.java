package org.ctplug.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.ctplug.mapping.Mapping;
import org.ctplug.mapping.MappingException;
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
        try {
            Mapping mapping = Context.loadMapping(options);
            spec.commandLine().getOut().printf("%s: valid, %d entr%s, backend %s%n", options.configFile(),
                    mapping.entries().size(), mapping.entries().size() == 1 ? "y" : "ies",
                    mapping.backend().name().toLowerCase(java.util.Locale.ROOT));
            return Main.OK;
        } catch (MappingException e) {
            Context.report(e, spec.commandLine().getErr());
            return Main.BAD_INPUT;
        } catch (IOException e) {
            spec.commandLine().getErr().println("ctplug: " + e.getMessage());
            return Main.BAD_INPUT;
        }
    }
}
