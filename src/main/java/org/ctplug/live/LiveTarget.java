package org.ctplug.live;

import java.util.Objects;

/**
 * A running container as live injection sees it: its init process (whose mount namespace
 * receives the nodes) and the id shift of its user namespace.
 *
 * @param container LXC container name or Proxmox CTID; names the container's store directory
 * @param initPid   host PID of the container's init
 * @param uidShift  host uid of container uid 0: 0 when privileged, 100000 for the default idmap
 * @param gidShift  host gid of container gid 0
 */
public record LiveTarget(String container, int initPid, long uidShift, long gidShift) {
    public LiveTarget {
        Objects.requireNonNull(container, "container");
        NodePaths.requireContainerName(container);
        if (initPid <= 1) {
            throw new IllegalArgumentException("init PID of a container must be > 1: " + initPid);
        }
        if (uidShift < 0 || gidShift < 0 || uidShift > 0xFFFF_FFFEL || gidShift > 0xFFFF_FFFEL) {
            throw new IllegalArgumentException("id shift out of range: " + uidShift + "/" + gidShift);
        }
    }

    /** A privileged container: ids inside are host ids. */
    public static LiveTarget privileged(String container, int initPid) {
        return new LiveTarget(container, initPid, 0, 0);
    }
}
