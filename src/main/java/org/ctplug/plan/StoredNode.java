package org.ctplug.plan;

/** A node on ctplug's node store as found on disk: its device number, permission bits and host owner. */
public record StoredNode(char type, int major, int minor, int mode, long uid, long gid) {}
