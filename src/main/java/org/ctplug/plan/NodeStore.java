package org.ctplug.plan;

/** Names on ctplug's node store: one directory per container, one file per in-container path. */
public final class NodeStore {
    private NodeStore() {}

    /** {@code 105/dev/ttyZigbee} becomes {@code 105/dev_ttyZigbee}: flat, stable and free of "..". */
    public static String fileName(String container, String containerPath) {
        return container + "/" + containerPath.substring(1).replace('/', '_');
    }
}
