package org.ctplug.plan;

import java.util.Optional;
import org.ctplug.container.IdMap;
import org.ctplug.device.Device;
import org.ctplug.mapping.ContainerRef;
import org.ctplug.mapping.OnPlug;

/**
 * Whether what is seen at a mapped path is what the mapping wants there: the planner and
 * {@code status} use this one test, so status says "right" exactly when a reconcile would leave it.
 */
public final class NodeCheck {
    private NodeCheck() {}

    /**
     * The device's node, of its type, owned by the mapped ids. Owner only for {@code hotplug}: a live
     * node gets the mapped owner, while a node a restart gives a privileged container is the host's
     * node bound in with the host's owner, and restarting again would not change it.
     */
    public static boolean isRight(SeenNode seen, Device device, ContainerRef ref, Optional<IdMap> idMap,
                                  OnPlug onPlug) {
        if (onPlug != OnPlug.HOTPLUG) {
            return seen instanceof SeenNode.Node n && n.type() == device.type() && n.major() == device.major()
                    && n.minor() == device.minor();
        }
        // seen from the host, the owner is the host id every range of the container's map gives
        long uid = IdMap.hostUid(idMap, ref.uid()).orElse(-1);
        long gid = IdMap.hostGid(idMap, ref.gid()).orElse(-1);
        return seen.is(device.type(), device.major(), device.minor(), uid, gid);
    }
}
