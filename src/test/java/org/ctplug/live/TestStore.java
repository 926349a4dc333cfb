package org.ctplug.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.ctplug.host.MountTable;
import org.ctplug.testing.Shell;

/** A node store of the test's own under /run; closing unmounts it and deletes its directory. */
final class TestStore implements AutoCloseable {
    final Path base = Path.of("/run", "ctplug-live-test-" + UUID.randomUUID().toString().substring(0, 8));
    final Path dir = base.resolve("dev");

    @Override
    public void close() throws IOException {
        while (MountTable.isMountPoint(dir)) {
            Shell.Out r = Shell.run("umount", "-l", dir.toString());
            if (r.exit() != 0) {
                throw new IOException("could not unmount " + dir + ": " + r.output());
            }
        }
        Files.deleteIfExists(dir);
        Files.deleteIfExists(base);
    }

    /** The host's mount table without the lines of this store. */
    List<String> hostMountsWithoutStore() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(line -> !line.contains(" " + base))
                .toList();
    }
}
