package org.ctplug.sys;

/**
 * Run by {@link FileCallsTest} in a JVM of its own, started without a locale (US-ASCII): makes a
 * directory and a symlink with non-ASCII names through ctplug's calls, then reads the link back.
 */
public final class NameEncodingMain {
    private NameEncodingMain() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("JNA's default encoding " + com.sun.jna.Native.getDefaultStringEncoding());
        String dir = args[0];
        int fd = FileCalls.open(dir, FileCalls.O_PATH | FileCalls.O_DIRECTORY, 0);
        try {
            FileCalls.mkdirat(fd, "k\u00fcche-\u00e9t\u00e9", 0755, "dir");
            FileCalls.symlinkat("k\u00fcche-\u00e9t\u00e9", fd, "link", "link");
            String back = FileCalls.readlinkat(fd, "link", "link");
            if (!back.equals("k\u00fcche-\u00e9t\u00e9")) {
                throw new IllegalStateException("the link reads back as " + back);
            }
            FileCalls.statx(fd, back, FileCalls.AT_SYMLINK_NOFOLLOW, back);
        } finally {
            FileCalls.close(fd);
        }
    }
}
