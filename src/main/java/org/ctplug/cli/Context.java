package org.ctplug.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.ctplug.container.ContainerBackend;
import org.ctplug.container.DeviceCgroup;
import org.ctplug.container.LxcBackend;
import org.ctplug.container.ProxmoxBackend;
import org.ctplug.exec.CommandRunner;
import org.ctplug.exec.ProcessRunner;
import org.ctplug.host.Host;
import org.ctplug.live.LiveNodes;
import org.ctplug.mapping.BackendKind;
import org.ctplug.mapping.Mapping;
import org.ctplug.mapping.MappingException;
import org.ctplug.mapping.MappingLoader;
import org.ctplug.plan.Executor;
import org.ctplug.plan.Observer;
import org.ctplug.posix.Posix;
import org.ctplug.state.StateStore;

/** Wires the parts for one mapping: backend, observer, executor. Commands and the daemon share it. */
final class Context {
    final Path root;
    final Mapping mapping;
    final ContainerBackend backend;
    final StateStore stateStore;
    final LiveNodes live;
    final Observer observer;
    final Executor executor;

    Context(Path root, Mapping mapping, CommandRunner runner) {
        this.root = root;
        this.mapping = mapping;
        this.backend = mapping.backend() == BackendKind.PROXMOX
                ? new ProxmoxBackend(root, mapping.tools(), runner)
                : new LxcBackend(root, mapping.tools(), runner);
        this.stateStore = new StateStore(root);
        Path nodeStore = root.resolve("run/ctplug/dev");
        this.live = new LiveNodes(nodeStore);
        Posix posix = Posix.get();
        String cgroupKey = Host.cgroupKey();
        this.observer = new Observer(root, backend, stateStore, nodeStore, cgroupKey);
        this.executor = new Executor(backend, mapping.tools(), runner, posix, live,
                new DeviceCgroup(Host.CGROUP1_KEY.equals(cgroupKey), mapping.tools().lxcCgroup(), runner), stateStore,
                mapping.daemon().lockTimeout());
    }

    static Context create(CommonOptions options) throws MappingException, IOException {
        return new Context(options.root, loadMapping(options), new ProcessRunner());
    }

    /** Every problem of a bad mapping, one {@code FILE:LINE:COL: message} per line. */
    static void report(MappingException e, java.io.PrintWriter err) {
        e.problems().forEach(err::println);
        err.flush();
    }

    static Mapping loadMapping(CommonOptions options) throws MappingException, IOException {
        return MappingLoader.load(options.configFile(), Host.detectBackend(options.root));
    }
}
