package org.ctplug.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import org.ctplug.exec.ProcessRunner;
import org.ctplug.exec.ToolPaths;
import org.ctplug.host.Host;
import org.ctplug.mapping.DaemonSettings;
import org.ctplug.mapping.Defaults;
import org.ctplug.mapping.Mapping;
import org.ctplug.mapping.MappingException;
import org.ctplug.mapping.OnPlug;
import org.ctplug.plan.Reconciler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Used by the package's prerm: takes back exactly what ctplug added, and nothing else. */
@Command(name = "release", description = "Remove everything ctplug added: its udev rules, the lines it added to "
        + "container configs, its live nodes. Restarts nothing.")
final class ReleaseCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Mapping mapping;
        try {
            mapping = Context.loadMapping(options);
        } catch (MappingException | IOException e) {
            // a broken or missing mapping must not stop an uninstall
            mapping = new Mapping(options.configFile(), Host.detectBackend(options.root), Defaults.DEFAULT,
                    ToolPaths.DEFAULT, DaemonSettings.DEFAULT, List.of());
        }
        // an empty mapping that restarts nothing: the plan takes back exactly what ctplug added
        Mapping empty = new Mapping(mapping.file(), mapping.backend(),
                new Defaults(mapping.defaults().mode(), mapping.defaults().group(), OnPlug.NONE), mapping.tools(),
                mapping.daemon(), List.of());
        Reconciler reconciler = Context.reconciler(options.root, empty, new ProcessRunner());
        int exit = ApplyCommand.reconcile(reconciler, false, spec.commandLine().getOut(),
                spec.commandLine().getErr());
        if (Files.deleteIfExists(reconciler.observer().rulesFile())) {
            new ProcessRunner().run(List.of(mapping.tools().udevadm(), "control", "--reload"));
        }
        return exit;
    }
}
