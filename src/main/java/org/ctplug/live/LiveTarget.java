package org.ctplug.live;

import java.util.Objects;

/**
 * A running container as live injection sees it: its init process (whose mount namespace
 * receives the nodes) and the host ids of its root user, who makes mount points inside.
 *
 * @param container LXC container name or Proxmox CTID; names the container's store directory
 * @param initPid   host PID of the container's init
 * @param initStart its start time (field 22 of /proc/<pid>/stat) when the PID was learned: a
 *                  process with that PID and another start time is not the container's init
 * @param rootUid   host uid of container uid 0: 0 when privileged, 100000 for the default idmap
 * @param rootGid   host gid of container gid 0
 */
public record LiveTarget(String container, int initPid, long initStart, long rootUid, long rootGid) {
    public LiveTarget {
        Objects.requireNonNull(container, "container");
        NodePaths.requireContainerName(container);
        if (initPid <= 1) {
            throw new IllegalArgumentException("init PID of a container must be > 1: " + initPid);
        }
        if (rootUid < 0 || rootGid < 0 || rootUid > 0xFFFF_FFFEL || rootGid > 0xFFFF_FFFEL) {
            throw new IllegalArgumentException("root ids out of range: " + rootUid + "/" + rootGid);
        }
    }

    /** A privileged container: ids inside are host ids. */
    public static LiveTarget privileged(String container, int initPid, long initStart) {
        return new LiveTarget(container, initPid, initStart, 0, 0);
    }
}
