package org.ctplug.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Sends udev-format uevents from a second JVM, as root or as uid 65534 with only CAP_NET_ADMIN
 * (the sender a credential check must refuse). The build's class path may lie under a home
 * only root can read, so the sender runs from a world-readable copy.
 */
public final class NobodySender {
    private final Path dir;
    private final String classPath;

    public NobodySender(Path dir) throws IOException {
        this.dir = dir;
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            String name = source.getFileName().toString();
            if (Files.isDirectory(source)) {
                Path target = dir.resolve("cp" + n++);
                copyTree(source, target);
                entries.add(target.toString());
            } else if (name.startsWith("jna-") && name.endsWith(".jar")) {
                Path target = dir.resolve(name);
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                entries.add(target.toString());
            }
        }
        Files.createDirectories(dir.resolve("jna-tmp"));
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        Files.setPosixFilePermissions(dir.resolve("jna-tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
        this.classPath = String.join(File.pathSeparator, entries);
    }

    /** argv of SendUeventMain: GROUP_MASK COUNT ACTION DEVPATH [KEY=VALUE...] */
    private List<String> command(boolean asNobody, String... args) {
        List<String> cmd = new ArrayList<>();
        if (asNobody) {
            cmd.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "--inh-caps=+net_admin", "--ambient-caps=+net_admin"));
        }
        cmd.addAll(List.of(ProcessHandle.current().info().command().orElseThrow(), "-Xshare:auto",
                "-Djna.tmpdir=" + dir.resolve("jna-tmp"), "-cp", classPath, "org.ctplug.netlink.SendUeventMain"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Sends {@code args} as {@link #command} takes them; fails unless the sender exits 0. */
    public void send(boolean asNobody, String... args) {
        Shell.run(command(asNobody, args)).ok();
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> all = Files.walk(source)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path dest = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
