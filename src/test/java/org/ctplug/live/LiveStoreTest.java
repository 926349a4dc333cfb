package org.ctplug.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ctplug.testing.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The node store on the host. Mounts a tmpfs: needs root, fails without it. */
@Tag("host")
class LiveStoreTest {
    private final TestStore store = new TestStore();
    private final LiveNodes nodes = new LiveNodes(store.dir);

    @AfterEach
    void unmount() throws IOException {
        store.close();
    }

    private List<String> storeLines() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(line -> line.contains(" " + store.dir + " "))
                .toList();
    }

    @Test
    void ensureStoreMountsTmpfsWithoutNodev() throws IOException {
        nodes.ensureStore();

        assertThat(storeLines()).singleElement().satisfies(line -> {
            String options = line.split(" ")[5];
            assertThat(List.of(options.split(","))).contains("nosuid", "noexec").doesNotContain("nodev");
            assertThat(line).contains(" - tmpfs ").contains("mode=755");
        });
    }

    @Test
    void ensureStoreTwiceMountsOnce() throws IOException {
        nodes.ensureStore();

        nodes.ensureStore();

        assertThat(storeLines()).hasSize(1);
    }

    @Test
    void storeNodeOfAnUnmappedContainerOpensOnTheHost() throws IOException {
        // the store is only useful if its nodes can be opened: they are what the container gets
        nodes.ensureStore();
        Shell.Out made = Shell.run("sh", "-c",
                "mkdir -p " + store.dir + "/probe && mknod " + store.dir + "/probe/n c 1 3 && cat "
                        + store.dir + "/probe/n && echo opened");

        assertThat(made.output().trim()).isEqualTo("opened");
    }

    @Test
    void removeStoreDeletesTheContainersDirectory() throws IOException {
        nodes.ensureStore();
        Path dir = store.dir.resolve("105");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("dev%2FttyACM0"), "");

        nodes.removeStore("105");

        assertThat(dir).doesNotExist();
    }

    @Test
    void removeStoreOfUnknownContainerIsFine() throws IOException {
        nodes.ensureStore();

        nodes.removeStore("never-seen");

        assertThat(store.dir.resolve("never-seen")).doesNotExist();
    }
}
