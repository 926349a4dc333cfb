package org.ctplug.live;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The container inits proven during one pass of live steps, each proven once ({@link
 * ContainerInit}) and its root and mount namespace kept open until the pass ends. While the
 * pidfd pins the init, what was opened through its PID stays the container's, so a container's
 * cgroup rule, node and links share one proof instead of making one each. Closed at the end of
 * the pass: a mount namespace kept open would keep a stopped container's mounts alive.
 */
public final class InitProofs implements AutoCloseable {
    private record Key(String container, int pid, long start) {
        // written out, as in ConfigLine: no method handles bound on the first plug's path
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && pid == k.pid && start == k.start && container.equals(k.container);
        }

        @Override
        public int hashCode() {
            return (31 * container.hashCode() + pid) * 31 + Long.hashCode(start);
        }
    }

    private final Map<Key, ContainerInit> proven = new HashMap<>();

    /**
     * Proves that the target's PID still names the container's init, unless this pass already did.
     *
     * @throws RefusedException when it names another process or one in the host's mount namespace
     */
    public void prove(LiveTarget t) throws IOException {
        of(t);
    }

    ContainerInit of(LiveTarget t) throws IOException {
        Key key = new Key(t.container(), t.initPid(), t.initStart());
        ContainerInit init = proven.get(key);
        if (init == null) {
            init = ContainerInit.open(t);
            proven.put(key, init);
        }
        return init;
    }

    @Override
    public void close() {
        proven.values().forEach(ContainerInit::close);
        proven.clear();
    }
}
