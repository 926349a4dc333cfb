package org.ctplug.sys;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * JNA's native library, kept in ctplug's cache directory (the unit's {@code CacheDirectory=}) so
 * that a start loads it from there. Otherwise JNA unpacks it from its jar at every start into a
 * temporary file, and the random name of that file loads the JDK's security providers: about
 * 1 MiB of the resident daemon, for good, and some milliseconds of each start.
 */
public final class JnaLibrary {
    static final Path CACHE = Path.of("/var/cache/ctplug");
    /** The native version this JNA was built for is in the name: a library left by another JNA is never loaded. */
    static final String NAME = "jnidispatch-" + Native.VERSION_NATIVE;

    private JnaLibrary() {
    }

    /**
     * Points JNA at the cached library when it is there and only root can have put it there;
     * call before anything uses JNA. JNA falls back to unpacking its own when the file is missing,
     * and options given on the command line win.
     */
    public static void lookInCache() {
        lookIn(CACHE);
    }

    static void lookIn(Path cache) {
        if (System.getProperty("jna.boot.library.path") == null && rootOnly(cache, true)
                && rootOnly(cache.resolve(System.mapLibraryName(NAME)), false)) {
            System.setProperty("jna.boot.library.path", cache.toString());
            System.setProperty("jna.boot.library.name", NAME);
        }
    }

    /** Copies this JNA's library into the cache when it is not there yet, for the next start. */
    public static void keepInCache() throws IOException {
        keepIn(CACHE);
    }

    static void keepIn(Path cache) throws IOException {
        Path file = cache.resolve(System.mapLibraryName(NAME));
        if (!Files.exists(cache, LinkOption.NOFOLLOW_LINKS) && rootOnly(cache.getParent(), true)) {
            // systemd makes it for the service; a daemon started by hand makes it itself
            Files.createDirectory(cache,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) || !rootOnly(cache, true)) {
            return;
        }
        String resource = "/com/sun/jna/" + Platform.RESOURCE_PREFIX + "/" + System.mapLibraryName("jnidispatch");
        Path temp = cache.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid());
        try (InputStream in = Native.class.getResourceAsStream(resource)) {
            if (in == null) {
                return; // a JNA that carries no library for this platform loads the system's
            }
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        // what an earlier JNA left is never loaded again
        try (var old = Files.newDirectoryStream(cache, "libjnidispatch-*.so")) {
            for (Path p : old) {
                if (!p.equals(file)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** A directory or a regular file, not a symlink, owned by root and writable by no one else. */
    private static boolean rootOnly(Path path, boolean directory) {
        try {
            Map<String, Object> st = Files.readAttributes(path, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) st.get("mode");
            int type = directory ? 0040000 : 0100000;
            return (mode & 0170000) == type && (mode & 022) == 0 && (Integer) st.get("uid") == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
