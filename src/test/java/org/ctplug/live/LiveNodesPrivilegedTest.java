package org.ctplug.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Live nodes in a real privileged busybox container. Needs root and LXC; fails without them. */
class LiveNodesPrivilegedTest extends LiveContainerTest {
    @BeforeAll
    static void start() throws IOException {
        startContainer(false);
    }

    @Test
    void injectedNodeHasNumberModeAndOwnerInside() throws IOException {
        nodes.inject(target(), "/dev/ttyCtplugTest", 4, 64, 0660, hostId(0), hostId(20));

        assertThat(stat("/dev/ttyCtplugTest")).isEqualTo("4:40 660 0 20");
    }

    /**
     * The work is done on the calling thread, which comes back whole: its mount namespace, root
     * and working directory are its own again, and it goes in again after it started a thread
     * (which then shares its fs_struct, and setns refuses a shared one).
     */
    @Test
    void theCallingThreadComesBackToItsOwnNamespaceRootAndDirectory() throws Exception {
        String ns = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/ns/mnt")).toString();
        org.ctplug.sys.Statx root = here("/");
        org.ctplug.sys.Statx cwd = here(".");

        nodes.inject(target(), "/dev/ttyCtplugHome", 4, 64, 0660, hostId(0), hostId(20));
        Thread started = new Thread(() -> { });
        started.start();
        started.join();
        nodes.remove(target(), "/dev/ttyCtplugHome");

        assertThat(java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/thread-self/ns/mnt")).toString())
                .isEqualTo(ns);
        assertThat(here("/").sameFile(root)).isTrue();
        assertThat(here(".").sameFile(cwd)).isTrue();
        assertThat(sh("test -e /dev/ttyCtplugHome").exit()).isNotZero();
    }

    private static org.ctplug.sys.Statx here(String path) throws IOException {
        return org.ctplug.sys.FileCalls.statx(org.ctplug.sys.FileCalls.AT_FDCWD, path, 0, path);
    }

    @Test
    void injectedNodeOpensInside() throws IOException {
        nodes.inject(target(), "/dev/ttyCtplugOpen", 4, 64, 0660, hostId(0), hostId(20));

        assertThat(container.open("/dev/ttyCtplugOpen")).isEqualTo("ok");
    }

    @Test
    void injectLeavesContainerRunningWithSameInit() throws IOException {
        int before = container.initPid();

        nodes.inject(target(), "/dev/ttyCtplugPid", 4, 64, 0660, hostId(0), hostId(20));

        assertThat(container.state()).isEqualTo("RUNNING");
        assertThat(container.initPid()).isEqualTo(before);
    }

    @Test
    void reinjectWithNewMinorReplacesNode() throws IOException {
        nodes.inject(target(), "/dev/ttyCtplugReplug", 4, 64, 0660, hostId(0), hostId(20));

        nodes.inject(target(), "/dev/ttyCtplugReplug", 4, 5, 0660, hostId(0), hostId(20));

        assertThat(stat("/dev/ttyCtplugReplug")).isEqualTo("4:5 660 0 20");
        assertThat(sh("grep -c ' /dev/ttyCtplugReplug ' /proc/self/mountinfo").output().trim())
                .isEqualTo("1");
    }

    @Test
    void injectReplacesBindFromContainerConfig() throws IOException {
        assertThat(stat(FROM_CONFIG)).startsWith("4:6 ");

        nodes.inject(target(), FROM_CONFIG, 4, 5, 0600, hostId(0), hostId(0));

        assertThat(stat(FROM_CONFIG)).isEqualTo("4:5 600 0 0");
    }

    @Test
    void injectCreatesMissingParentDirectories() throws IOException {
        nodes.inject(target(), "/dev/serial/by-ctplug/zigbee", 4, 64, 0660, hostId(0), hostId(20));

        assertThat(stat("/dev/serial/by-ctplug/zigbee")).isEqualTo("4:40 660 0 20");
    }

    /**
     * The gate (an allow's answer on cgroup2) is asked when the store node, its clone and the
     * parent are ready, before the path is touched: the old node is still there, and a shut gate
     * leaves it as it was.
     */
    @Test
    void theGateIsAskedBeforeThePathIsTouchedAndAShutOneLeavesItAsItWas() throws IOException {
        nodes.inject(target(), "/dev/ttyCtplugGate", 4, 64, 0660, hostId(0), hostId(20));
        List<org.ctplug.sys.Statx> seen = new java.util.ArrayList<>();
        LiveNodes.Gate shut = () -> {
            seen.add(pathInside("/dev/ttyCtplugGate"));
            return false;
        };

        boolean made;
        try (InitProofs proofs = new InitProofs()) {
            made = nodes.inject(proofs, target(), "/dev/ttyCtplugGate", 'c', 4, 5, 0660, hostId(0), hostId(20), shut);
        }

        assertThat(made).isFalse();
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).rdevMinor()).as("the minor at the path while the gate is asked").isEqualTo(64);
        assertThat(stat("/dev/ttyCtplugGate")).as("after a shut gate").isEqualTo("4:40 660 0 20");
        assertThat(sh("grep -c ' /dev/ttyCtplugGate ' /proc/self/mountinfo").output().trim()).isEqualTo("1");

        LiveNodes.Gate open = () -> {
            seen.add(pathInside("/dev/ttyCtplugGate"));
            return true;
        };
        try (InitProofs proofs = new InitProofs()) {
            made = nodes.inject(proofs, target(), "/dev/ttyCtplugGate", 'c', 4, 5, 0660, hostId(0), hostId(20), open);
        }

        assertThat(made).isTrue();
        assertThat(seen.get(1).rdevMinor()).isEqualTo(64);
        assertThat(stat("/dev/ttyCtplugGate")).isEqualTo("4:5 660 0 20");
        assertThat(sh("grep -c ' /dev/ttyCtplugGate ' /proc/self/mountinfo").output().trim()).isEqualTo("1");
    }

    /** A stat of a path as the gate's thread sees it: inside the container's mount namespace. */
    private static org.ctplug.sys.Statx pathInside(String path) {
        try {
            return org.ctplug.sys.FileCalls.statx(org.ctplug.sys.FileCalls.AT_FDCWD, path,
                    org.ctplug.sys.FileCalls.AT_SYMLINK_NOFOLLOW, path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void removeMakesNodeDisappearInside() throws IOException {
        nodes.inject(target(), "/dev/ttyCtplugGone", 4, 64, 0660, hostId(0), hostId(20));

        nodes.remove(target(), "/dev/ttyCtplugGone");

        assertThat(sh("test -e /dev/ttyCtplugGone").exit()).isNotZero();
        assertThat(nodes.storedNode(container.name, "/dev/ttyCtplugGone")).doesNotExist();
    }

    @Test
    void removeOfMissingNodeIsFine() throws IOException {
        nodes.remove(target(), "/dev/nothing/here");

        assertThat(sh("test -e /dev/nothing").exit()).isNotZero();
    }

    @Test
    void hostMountTableIsUntouched() throws IOException {
        nodes.ensureStore();
        List<String> before = store.hostMountsWithoutStore();

        nodes.inject(target(), "/dev/ttyCtplugHost", 4, 64, 0660, hostId(0), hostId(20));
        nodes.inject(target(), "/dev/ttyCtplugHost", 4, 5, 0660, hostId(0), hostId(20));
        nodes.remove(target(), "/dev/ttyCtplugHost");

        assertThat(store.hostMountsWithoutStore()).isEqualTo(before);
    }

    @Test
    void failureInsideContainerCarriesErrnoText() {
        assertThatThrownBy(() -> nodes.inject(target(), "/dev/null/ttyCtplug", 4, 64, 0660, hostId(0), hostId(20)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(container.name)
                .hasMessageContaining("/dev/null/ttyCtplug")
                .hasMessageContaining("Not a directory");
    }

    @Test
    void targetWithoutProcessFailsWithIoException() throws IOException {
        int gonePid = Integer.MAX_VALUE - 1;

        assertThatThrownBy(() -> nodes.remove(new LiveTarget(container.name, gonePid, 1, 0, 0), "/dev/ttyCtplugTest"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(container.name)
                .hasMessageContaining("PID " + gonePid);
    }

    /** The PID was reused when its process started at another time than the init seen before. */
    @Test
    void aPidWithAnotherStartTimeIsRefusedAndNothingIsMade() throws IOException {
        LiveTarget seen = target();
        LiveTarget reused = new LiveTarget(seen.container(), seen.initPid(), seen.initStart() + 1, 0, 0);

        assertThatThrownBy(() -> nodes.inject(reused, "/dev/ttyCtplugReused", 4, 64, 0660, hostId(0), hostId(20)))
                .isInstanceOf(RefusedException.class)
                .hasMessageContaining("PID " + seen.initPid() + " started at tick " + seen.initStart())
                .hasMessageContaining("nothing done");
        assertThat(sh("test -e /dev/ttyCtplugReused").exit()).isNotZero();
    }
}
