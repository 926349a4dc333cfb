package org.ctplug.mapping;

import java.util.Objects;

/**
 * One container an entry feeds.
 *
 * @param id Proxmox CTID or LXC container name
 * @param path absolute path of the node inside the container, under /dev/
 * @param uid owner inside the container (mapped for unprivileged containers)
 * @param gid group inside the container
 */
public record ContainerRef(String id, String path, int uid, int gid) {
    public ContainerRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(path, "path");
    }
}
