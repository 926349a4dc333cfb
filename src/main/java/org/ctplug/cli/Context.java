package org.ctplug.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.ctplug.container.ContainerBackend;
import org.ctplug.container.DeviceCgroup;
import org.ctplug.container.LxcCommandSocket;
import org.ctplug.container.LxcBackend;
import org.ctplug.container.ProxmoxBackend;
import org.ctplug.device.KernelEvents;
import org.ctplug.exec.CommandRunner;
import org.ctplug.host.Host;
import org.ctplug.live.LiveNodes;
import org.ctplug.mapping.BackendKind;
import org.ctplug.mapping.Mapping;
import org.ctplug.mapping.MappingException;
import org.ctplug.mapping.MappingLoader;
import org.ctplug.plan.Executor;
import org.ctplug.plan.Observer;
import org.ctplug.plan.Reconciler;
import org.ctplug.posix.Posix;
import org.ctplug.state.StateStore;

/** Loads the mapping and wires the parts for it; {@code apply}, {@code release} and the daemon share both. */
final class Context {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Context.class);

    private Context() {}

    /** Backend, observer and executor for one mapping, as one reconcile step. */
    static Reconciler reconciler(Path root, Mapping mapping, CommandRunner runner) {
        return reconciler(root, mapping, runner, KernelEvents.none());
    }

    /** As above, with presence following the kernel events the daemon records. */
    static Reconciler reconciler(Path root, Mapping mapping, CommandRunner runner, KernelEvents events) {
        return reconciler(root, root, mapping, runner, events);
    }

    /**
     * As above, with the devices (sysfs, udev's database, the rules file) and ctplug's state read
     * under {@code devicesRoot}, and the containers under {@code root}: a tree laid out as the
     * kernel lays out devices this machine does not have, beside real containers.
     */
    static Reconciler reconciler(Path root, Path devicesRoot, Mapping mapping, CommandRunner runner,
                                 KernelEvents events) {
        ContainerBackend backend = backend(root, mapping, runner);
        StateStore stateStore = new StateStore(devicesRoot);
        Path nodeStore = root.resolve("run/ctplug/dev");
        Observer observer = new Observer(devicesRoot, backend, stateStore, nodeStore, Host.cgroupKey(), events);
        Executor executor = new Executor(backend, mapping.tools(), runner, Posix.get(), new LiveNodes(nodeStore),
                new DeviceCgroup(Host.v1DevicesMount(), monitorRoute(mapping, runner), mapping.tools().lxcCgroup(),
                        runner), stateStore,
                mapping.daemon().lockTimeout());
        return new Reconciler(mapping, observer, executor);
    }

    /** Only the observing half, for {@code status}: it looks and never acts, so it needs no executor. */
    static Observer observer(Path root, Mapping mapping, CommandRunner runner) {
        return new Observer(root, backend(root, mapping, runner), new StateStore(root), root.resolve("run/ctplug/dev"),
                Host.cgroupKey());
    }

    private static ContainerBackend backend(Path root, Mapping mapping, CommandRunner runner) {
        return mapping.backend() == BackendKind.PROXMOX ? new ProxmoxBackend(root, mapping.tools(), runner)
                : new LxcBackend(root, mapping.tools(), runner);
    }

    /**
     * The LXC command socket route for live rules on cgroup2, where this LXC speaks the protocol
     * it is written for ({@code lxc-start --version}, asked once per mapping). Proxmox runs its
     * containers under the same lxcpath.
     */
    private static Optional<LxcCommandSocket> monitorRoute(Mapping mapping, CommandRunner runner) {
        if (Host.v1DevicesMount().isPresent()) {
            return Optional.empty();
        }
        String version;
        try {
            version = runner.runChecked(List.of(mapping.tools().lxcStart(), "--version")).stdout();
        } catch (IOException e) {
            LOG.warn("cannot tell the LXC version ({}); live device rules through lxc-cgroup", e.getMessage());
            return Optional.empty();
        }
        Optional<LxcCommandSocket> route = LxcCommandSocket.forVersion(version, Path.of(LxcBackend.DEFAULT_LXCPATH));
        if (route.isPresent()) {
            LOG.info("live device rules over the LXC command socket (LXC {})", version.strip());
        } else {
            LOG.warn("LXC {} speaks a command protocol ctplug does not know; live device rules through lxc-cgroup",
                    version.strip());
        }
        return route;
    }

    /** Every problem of a bad mapping, one {@code FILE:LINE:COL: message} per line. */
    static void report(MappingException e, java.io.PrintWriter err) {
        e.problems().forEach(err::println);
        err.flush();
    }

    /**
     * The mapping, or empty when it is bad input (invalid, missing, unreadable): then every
     * problem has been printed to {@code err}, and the command exits {@link Main#BAD_INPUT}.
     */
    static Optional<Mapping> loadOrReport(CommonOptions options, java.io.PrintWriter err) {
        try {
            return Optional.of(loadMapping(options));
        } catch (MappingException e) {
            report(e, err);
        } catch (IOException e) {
            err.println("ctplug: " + e.getMessage());
            err.flush();
        }
        return Optional.empty();
    }

    /**
     * @throws IOException the file cannot be read, with a message that names it and says why
     *                     (the JDK's NoSuchFileException says no more than the path)
     */
    static Mapping loadMapping(CommonOptions options) throws MappingException, IOException {
        Path file = options.configFile();
        try {
            return MappingLoader.load(file, Host.detectBackend(options.root));
        } catch (NoSuchFileException e) {
            throw new IOException("the mapping " + file + " is missing: write one (see ctplug(8)), or name another "
                    + "with --config", e);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot read the mapping " + file + ": permission denied", e);
        } catch (IOException e) {
            throw new IOException("cannot read the mapping " + file + ": " + e.getMessage(), e);
        }
    }
}
