package org.ctplug.container;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** The container manager of this host: where configs live and how containers are run. */
public sealed interface ContainerBackend permits ProxmoxBackend, LxcBackend {

    ConfigSyntax syntax();

    /** Proxmox: {@code <root>/etc/pve/lxc/<id>.conf}; LXC: {@code <root>/<lxcpath>/<id>/config}. */
    Path configPath(String id);

    /** The flock(2) file that guards the config against concurrent writers, where one exists. */
    Optional<Path> lockPath(String id);

    /**
     * Run state and init PID from {@code lxc-info -n <id> -s -p -H}. A container lxc-info does not
     * know is STOPPED: on Proxmox a stopped container often has no LXC config yet, and either
     * way there is nothing running to update. Other failures of lxc-info give UNKNOWN.
     */
    ContainerStatus status(String id) throws IOException;

    /** How the container's ids map to the host's; empty for a privileged container. */
    Optional<IdMap> idMap(String configContent);

    /**
     * Waits until the container runs, at most {@code timeout}: {@code lxc-wait -s RUNNING}, which
     * LXC answers from the container's command socket when its state changes (no polling). A
     * container that starts gets its nodes only once it runs: before that its {@code /dev} may not
     * be mounted yet. True when it runs.
     */
    boolean awaitRunning(String id, java.time.Duration timeout) throws IOException;

    /** Restarts a running container outside ctplug's own service (see each implementation). */
    void restart(String id) throws IOException;

    /** Starts a stopped container, outside ctplug's own service as {@link #restart} does. */
    void start(String id) throws IOException;

    /** "proxmox" or "lxc", as in the mapping's {@code backend:} and the state file. */
    String kind();
}
