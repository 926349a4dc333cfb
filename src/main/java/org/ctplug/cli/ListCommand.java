package org.ctplug.cli;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.ctplug.container.RunState;
import org.ctplug.device.Device;
import org.ctplug.device.DeviceListing;
import org.ctplug.device.ListedDevice;
import org.ctplug.device.SysfsScanner;
import org.ctplug.exec.ProcessRunner;
import org.ctplug.kind.Kind;
import org.ctplug.kind.Kinds;
import org.ctplug.mapping.Mapping;
import org.ctplug.mapping.MappingException;
import org.ctplug.plan.MatchResult;
import org.ctplug.plan.Matcher;
import org.ctplug.plan.ContainerView;
import org.ctplug.plan.PlanInput;
import org.ctplug.plan.RestartHold;
import org.ctplug.plan.SeenLinks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "list", description = "Show the devices present now, the mapping entry each one matches and the "
        + "links to its node in each running container the entry feeds.")
final class ListCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;
    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;
    @Option(names = "--all", description = "Also show the virtual terminals (tty0..63, console, ptmx) no entry"
            + " matches.")
    boolean all;
    @Option(names = "--subsystem", paramLabel = "NAME", description = "Only this kind: tty, usb, hidraw, video4linux,"
            + " drm, input, block or misc.")
    String subsystem;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (subsystem != null && Kinds.named(subsystem).isEmpty()) {
            spec.commandLine().getErr().println("ctplug: --subsystem " + subsystem + ": not a subsystem ctplug handles"
                    + " (one of " + String.join(", ", Kinds.names()) + ")");
            return Main.BAD_INPUT;
        }
        List<Device> devices = new SysfsScanner(options.root).scan();
        MatchResult match = Matcher.match(List.of(), devices);
        Optional<Mapping> mapping = Optional.empty();
        Optional<PlanInput> seen = Optional.empty();
        int exit = Main.OK;
        if (java.nio.file.Files.exists(options.configFile())) {
            try {
                mapping = Optional.of(Context.loadMapping(options));
                match = Matcher.match(mapping.get().entries(), devices);
                match.entryErrors().values().stream().sorted()
                        .forEach(e -> spec.commandLine().getErr().println("ctplug: " + e));
                seen = look(mapping.get());
            } catch (MappingException e) {
                // still list the devices: that is what a user fixing the mapping needs to see
                Context.report(e, spec.commandLine().getErr());
                exit = Main.BAD_INPUT;
            }
        }
        MatchResult m = match;
        Optional<Mapping> mapped = mapping;
        Optional<PlanInput> in = seen;
        // virtual terminals have no driver: dozens of rows nobody plugs in, unless a mapping names them
        List<ListedDevice> listed = devices.stream()
                .map(d -> new ListedDevice(d, m.entryOf(d), m.errorOf(d), containerLinks(mapped, in, m.entryOf(d), d)))
                .filter(l -> subsystem == null || l.device().subsystem().equals(subsystem))
                .filter(l -> all || l.device().driver().isPresent() || !l.device().kind().hiddenWithoutDriver()
                        || l.entry().isPresent() || l.error().isPresent())
                .toList();
        spec.commandLine().getOut().print(json ? DeviceListing.json(listed) + "\n" : DeviceListing.table(listed));
        spec.commandLine().getOut().flush();
        return exit;
    }

    /** What the mapped containers hold, looked at as {@code status} does; empty (and said) when that fails. */
    private Optional<PlanInput> look(Mapping mapping) {
        try {
            return Optional.of(Context.observer(options.root, mapping, new ProcessRunner()).observe(mapping, RestartHold.NONE));
        } catch (IOException | RuntimeException e) {
            spec.commandLine().getErr().println("ctplug: cannot look into the containers: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Per running container the entry feeds, the links to its node seen there. */
    private static Map<String, List<String>> containerLinks(Optional<Mapping> mapping, Optional<PlanInput> in,
                                                            Optional<String> entry, Device device) {
        Map<String, List<String>> links = new TreeMap<>();
        if (mapping.isEmpty() || in.isEmpty() || entry.isEmpty()) {
            return links;
        }
        mapping.get().entries().stream().filter(e -> e.name().equals(entry.get()))
                .flatMap(e -> e.containers().stream()).forEach(ref -> {
                    ContainerView view = in.get().containers().get(ref.id());
                    if (view != null && view.links() instanceof SeenLinks.Listed listed
                            && view.status().state() == RunState.RUNNING) {
                        links.put(ref.id(), listed.linksTo(ref.pathFor(device.devname())));
                    }
                });
        return links;
    }
}
