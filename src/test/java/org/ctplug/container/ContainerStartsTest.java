package org.ctplug.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Container starts seen as the cgroups LXC makes for them: names, places, and a real inotify watch. */
class ContainerStartsTest {
    static final ContainerStarts.Roots HYBRID = new ContainerStarts.Roots(
            Optional.of(Path.of("/sys/fs/cgroup/unified")), Optional.of(Path.of("/sys/fs/cgroup/devices")));
    static final ContainerStarts.Roots UNIFIED = new ContainerStarts.Roots(Optional.of(Path.of("/sys/fs/cgroup")),
            Optional.empty());

    @TempDir
    Path dir;

    @Test
    void lxcsPayloadCgroupNamesTheContainer() {
        assertThat(ContainerStarts.containerOf(Path.of("/sys/fs/cgroup"), "lxc.payload.zigbee2mqtt"))
                .contains("zigbee2mqtt");
        assertThat(ContainerStarts.containerOf(Path.of("/sys/fs/cgroup"), "lxc.monitor.zigbee2mqtt")).isEmpty();
        assertThat(ContainerStarts.containerOf(Path.of("/sys/fs/cgroup"), "lxc.pivot")).isEmpty();
        assertThat(ContainerStarts.containerOf(Path.of("/sys/fs/cgroup"), "system.slice")).isEmpty();
    }

    @Test
    void proxmoxsLxcDirectoryHoldsOneCgroupPerCtid() {
        assertThat(ContainerStarts.containerOf(Path.of("/sys/fs/cgroup/lxc"), "105")).contains("105");
        assertThat(ContainerStarts.containerOf(Path.of("/sys/fs/cgroup"), "105")).isEmpty();
    }

    @Test
    void aContainerInTheRootCgroupsIsPlacedInTheRoots() {
        String procCgroup = """
                9:name=systemd:/lxc.payload.ha
                5:devices:/lxc.payload.ha
                4:memory:/lxc.payload.ha
                0::/lxc.payload.ha
                """;

        assertThat(ContainerStarts.placesOf("ha", procCgroup, HYBRID))
                .containsExactly(Path.of("/sys/fs/cgroup/devices"), Path.of("/sys/fs/cgroup/unified"));
    }

    @Test
    void aContainerBelowADelegatedUnitIsPlacedThere() {
        assertThat(ContainerStarts.placesOf("ha", "0::/system.slice/lxc@ha.service/lxc.payload.ha\n", UNIFIED))
                .containsExactly(Path.of("/sys/fs/cgroup/system.slice/lxc@ha.service"));
    }

    @Test
    void aProxmoxContainersInitSitsInItsInnerCgroup() {
        assertThat(ContainerStarts.placesOf("105", "0::/lxc/105/ns/init.scope\n", UNIFIED))
                .containsExactly(Path.of("/sys/fs/cgroup/lxc"));
    }

    @Test
    void aPathThatNamesNoContainerOrClimbsOutIsNoPlace() {
        assertThat(ContainerStarts.placesOf("ha", "0::/user.slice\n", UNIFIED)).isEmpty();
        assertThat(ContainerStarts.placesOf("ha", "0::/../../etc/lxc.payload.ha\n", UNIFIED)).isEmpty();
    }

    @Test
    void aNewPayloadDirectoryIsReportedWithinASecond() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (ContainerStarts starts = new ContainerStarts(seen::add)) {
            starts.watchRoots(new ContainerStarts.Roots(Optional.of(dir), Optional.empty()));
            Thread t = new Thread(starts::run);
            t.start();

            Files.createDirectory(dir.resolve("lxc.monitor.ha"));
            Files.createDirectory(dir.resolve("lxc.payload.ha"));

            await().atMost(Duration.ofSeconds(1)).until(() -> seen.contains("ha"));
            assertThat(seen).containsOnly("ha");
            starts.close();
            t.join(2000);
        }
    }

    @Test
    void aProxmoxLxcDirectoryMadeLaterIsWatchedToo() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (ContainerStarts starts = new ContainerStarts(seen::add)) {
            starts.watchRoots(new ContainerStarts.Roots(Optional.of(dir), Optional.empty()));
            Thread t = new Thread(starts::run);
            t.start();

            Files.createDirectory(dir.resolve("lxc"));
            // the watch on lxc/ is added when its creation is seen; a CTID made before that is missed
            await().atMost(Duration.ofSeconds(1)).until(() -> {
                Path ct = dir.resolve("lxc").resolve("105");
                if (!Files.exists(ct)) {
                    Files.createDirectory(ct);
                } else {
                    Files.delete(ct);
                }
                return seen.contains("105");
            });
            starts.close();
            t.join(2000);
        }
    }
}
