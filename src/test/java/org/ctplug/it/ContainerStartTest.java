package org.ctplug.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ctplug.testing.HostTest;
import org.ctplug.testing.LxcContainer;
import org.ctplug.testing.Shell;
import org.junit.jupiter.api.Test;

/**
 * A container that starts while the daemon runs gets its node live within a second, whatever
 * the state file says: the daemon is woken by the container's start, not by a device event, and
 * looks at what the container really has.
 */
class ContainerStartTest extends HostTest {
    static final Duration WAIT = Duration.ofSeconds(15);
    static final String NODE = "/dev/ttyZigbee";

    Path mapping(String container) throws Exception {
        return ttyMapping("ttyS0", "ttyCtplugStart", container, NODE, "20");
    }

    /** The daemon wrote its lines into the stopped container's config and recorded the node "for its next start". */
    void awaitConfigured() {
        await().atMost(WAIT).until(this::configured);
        await().atMost(WAIT).until(() -> Files.readString(Path.of("/var/lib/ctplug/state.json")).contains(NODE));
    }

    @Test
    void aContainerRestoredWithoutCtplugsLinesGetsItsNodeLiveWithinASecondOfStarting() throws Exception {
        ct = LxcContainer.create("ctplug-restore", true, false);
        String restored = Files.readString(ct.config());
        startDaemon(null, List.of(), Map.of(), mapping(ct.name));
        awaitConfigured();

        // a restore puts back the config as it was before ctplug wrote to it
        Files.writeString(ct.config(), restored);
        ct.start();
        int pid = ct.initPid();

        await().atMost(Duration.ofSeconds(1)).until(() -> ct.open(NODE).equals("ok"));
        assertThat(ct.initPid()).isEqualTo(pid);
        await().atMost(WAIT).until(this::configured);
    }

    boolean configured() throws Exception {
        return Files.readString(ct.config()).contains("lxc.mount.entry = /dev/ttyCtplugStart");
    }

    @Test
    void aContainerDestroyedAndCreatedAgainGetsItsNodeLiveWithinASecondOfStarting() throws Exception {
        ct = LxcContainer.create("ctplug-recreate", true, false);
        String fresh = Files.readString(ct.config());
        startDaemon(null, List.of(), Map.of(), mapping(ct.name));
        awaitConfigured();

        Shell.run("lxc-destroy", "-n", ct.name).ok();
        Shell.run("lxc-create", "-n", ct.name, "-t", "busybox").ok();
        Files.writeString(ct.config(), fresh);
        ct.start();
        int pid = ct.initPid();

        await().atMost(Duration.ofSeconds(1)).until(() -> ct.open(NODE).equals("ok"));
        assertThat(ct.initPid()).isEqualTo(pid);
    }
}
