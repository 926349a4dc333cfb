package org.ctplug.sys;

/**
 * What statx(2) tells of a file: type and permission bits, owner, inode, the device it is on
 * and, for a device node, the device it is.
 */
public record Statx(int mode, int uid, int gid, long inode, int devMajor, int devMinor, int rdevMajor,
                    int rdevMinor) {
    private static final int S_IFMT = 0170000;

    public boolean isSymlink() {
        return (mode & S_IFMT) == 0120000;
    }

    public boolean isCharDevice() {
        return (mode & S_IFMT) == 0020000;
    }

    /** The same file: the same inode on the same device. */
    public boolean sameFile(Statx other) {
        return inode == other.inode && devMajor == other.devMajor && devMinor == other.devMinor;
    }
}
