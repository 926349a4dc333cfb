package org.ctplug.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any process with CAP_NET_ADMIN may multicast uevents, whatever its uid; only root's count.
 * The sender runs as a separate JVM so it can run under another uid.
 */
@Tag("host")
class CredentialCheckTest {

    private static final int GROUP = 1 << 21;

    @TempDir
    Path temp;

    private String classPath;

    /** The build's class path may lie under a home only root can read: give nobody a copy. */
    @BeforeEach
    void stageClassPathForNobody() throws IOException {
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            String name = source.getFileName().toString();
            if (Files.isDirectory(source)) {
                Path target = temp.resolve("cp" + n++);
                copyTree(source, target);
                entries.add(target.toString());
            } else if (name.startsWith("jna-") && name.endsWith(".jar")) {
                Path target = temp.resolve(name);
                Files.copy(source, target);
                entries.add(target.toString());
            }
        }
        Files.createDirectory(temp.resolve("jna-tmp"));
        try (Stream<Path> all = Files.walk(temp)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        Files.setPosixFilePermissions(temp.resolve("jna-tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
        classPath = String.join(File.pathSeparator, entries);
    }

    @Test
    void messageFromNonRootSenderIsDroppedNamingItsUid() throws Exception {
        try (UeventSocket socket = UeventSocket.open(GROUP, 1 << 20)) {
            HostSupport.run(asNobody(sendCommand(UUID.randomUUID().toString())));

            Received received = HostSupport.awaitReceived(socket, r -> r instanceof Received.Dropped,
                    Duration.ofSeconds(10));

            assertThat(((Received.Dropped) received).reason()).isEqualTo("sender uid 65534 is not root");
        }
    }

    @Test
    void sameMessageFromRootArrives() throws Exception {
        String marker = UUID.randomUUID().toString();
        try (UeventSocket socket = UeventSocket.open(GROUP, 1 << 20)) {
            HostSupport.run(sendCommand(marker));

            Uevent event = HostSupport.awaitMessage(socket, e -> e.get("CTPLUG_TEST").orElse("").equals(marker),
                    Duration.ofSeconds(10));

            assertThat(event.source()).isEqualTo(UeventSource.UDEV);
        }
    }

    private List<String> sendCommand(String marker) {
        String java = ProcessHandle.current().info().command().orElseThrow();
        return List.of(java, "-Xshare:auto", "-Djna.tmpdir=" + temp.resolve("jna-tmp"), "-cp", classPath,
                SendUeventMain.class.getName(), Integer.toString(GROUP), "1", "add", "/devices/test/tty/ttyTEST1",
                "SUBSYSTEM=tty", "CTPLUG_TEST=" + marker);
    }

    private static List<String> asNobody(List<String> command) {
        List<String> full = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "--inh-caps=+net_admin", "--ambient-caps=+net_admin"));
        full.addAll(command);
        return full;
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> all = Files.walk(source)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path dest = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
