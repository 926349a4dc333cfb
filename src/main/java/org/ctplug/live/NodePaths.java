package org.ctplug.live;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Validation and naming of container paths and store entries; pure, no file system access. */
final class NodePaths {
    private NodePaths() {
    }

    static void requireContainerName(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a usable container name: " + name);
        }
    }

    /**
     * A container path must be absolute and canonical: it is resolved inside the container's
     * mount namespace, and "." or ".." segments would let one mapping entry address another's node.
     */
    static List<String> segments(String containerPath) {
        if (!containerPath.startsWith("/") || containerPath.length() < 2 || containerPath.endsWith("/")
                || containerPath.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("container path must be absolute, e.g. /dev/ttyACM0: "
                    + containerPath);
        }
        List<String> parts = List.of(containerPath.substring(1).split("/", -1));
        for (String part : parts) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("container path must be canonical: " + containerPath);
            }
        }
        return parts;
    }

    /** The parent directories of a container path, outermost first ("/dev", "/dev/serial"). */
    static List<String> parents(String containerPath) {
        List<String> parts = segments(containerPath);
        StringBuilder dir = new StringBuilder();
        List<String> result = new ArrayList<>();
        for (int i = 0; i < parts.size() - 1; i++) {
            dir.append('/').append(parts.get(i));
            result.add(dir.toString());
        }
        return List.copyOf(result);
    }

    /**
     * One flat file name per container path: '%' and '/' are percent-encoded, so distinct paths
     * ("/dev/a_b", "/dev/a/b") never share a store node and the name is stable across restarts.
     */
    static String storeName(String containerPath) {
        segments(containerPath);
        return containerPath.substring(1).replace("%", "%25").replace("/", "%2F");
    }

    static Path storedNode(Path storeDir, String container, String containerPath) {
        return containerDir(storeDir, container).resolve(storeName(containerPath));
    }

    static Path containerDir(Path storeDir, String container) {
        requireContainerName(container);
        return storeDir.resolve(container);
    }
}
