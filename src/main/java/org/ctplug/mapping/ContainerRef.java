package org.ctplug.mapping;

import java.util.Objects;
import java.util.Optional;

/**
 * One container an entry feeds.
 *
 * @param id Proxmox CTID or LXC container name
 * @param path absolute path of the node inside the container, under /dev/: the entry's
 *             {@code path}, else /dev/LINK; empty when the entry has neither, and the node keeps
 *             the path the kernel gives it (/dev/DEVNAME, such as /dev/bus/usb/002/003)
 * @param uid owner inside the container (mapped for unprivileged containers)
 * @param gid group inside the container
 */
public record ContainerRef(String id, Optional<String> path, int uid, int gid) {
    public ContainerRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(path, "path");
    }

    /** A container with a fixed path. */
    public ContainerRef(String id, String path, int uid, int gid) {
        this(id, Optional.of(path), uid, gid);
    }

    /** Where the node of a device with this kernel name goes: where libusb, VA-API and v4l2 look for it. */
    public String pathFor(String devname) {
        return path.orElse("/dev/" + devname);
    }
}
