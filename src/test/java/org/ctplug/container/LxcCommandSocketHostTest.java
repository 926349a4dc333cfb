package org.ctplug.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.ctplug.testing.HostTest;
import org.ctplug.testing.Layout;
import org.ctplug.testing.LxcContainer;
import org.ctplug.testing.Shell;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The command socket route against the monitor of a real running container with a deny-all device policy. */
class LxcCommandSocketHostTest extends HostTest {
    private static final String NODE = "/dev/ttyCtplugCmd";
    private LxcCommandSocket socket;

    @BeforeEach
    void start() throws Exception {
        int init = runningContainer("ctplug-cmdsock", false);
        // from the host: the container's own policy refuses mknod ("m") of this device
        org.ctplug.posix.Posix.get().mknodChar(Path.of("/proc", String.valueOf(init), "root", NODE.substring(1)),
                0600, 4, 64);
        socket = LxcCommandSocket.forVersion(Shell.run("lxc-start", "--version").ok().stdout(),
                LxcContainer.LXC_PATH).orElseThrow();
    }

    @Test
    void onCgroup2AnAllowLetsTheNodeOpenAndADenyRefusesItAgain() throws IOException {
        if (layout != Layout.CGROUP2) {
            // the v1 devices controller is amended by writing devices.allow; the monitor only
            // knows its BPF program, which a hybrid host does not have
            assertThatThrownBy(() -> socket.send(ct.name, CgroupRule.exact('c', 4, 64), true).answer()).hasMessageContaining("refused");
            assertThat(ct.open(NODE)).isNotEqualTo("ok");
            return;
        }
        assertThat(ct.open(NODE)).as("before the rule").isNotEqualTo("ok");

        socket.send(ct.name, CgroupRule.exact('c', 4, 64), true).answer();
        assertThat(ct.open(NODE)).isEqualTo("ok");

        socket.send(ct.name, CgroupRule.exact('c', 4, 64), false).answer();
        assertThat(ct.open(NODE)).as("after the deny").isNotEqualTo("ok");
    }

    @Test
    void aDenyLeftUnderWayIsInForceOnceItsAnswerIsRead() throws IOException {
        DeviceCgroup cgroup = new DeviceCgroup(layout == Layout.CGROUP2 ? java.util.Optional.empty()
                : java.util.Optional.of(Path.of("/sys/fs/cgroup/devices")), java.util.Optional.of(socket), "lxc-cgroup",
                argv -> {
                    throw new IOException("lxc-cgroup must not be needed: " + argv);
                });
        var allowing = cgroup.beginAllow(ct.name, ct.initPid(), CgroupRule.exact('c', 4, 64));
        if (allowing.isPresent()) {
            allowing.get().answer();
        }
        assertThat(ct.open(NODE)).as("allowed").isEqualTo("ok");

        var pending = cgroup.beginDeny(ct.name, ct.initPid(), CgroupRule.exact('c', 4, 64));
        // the monitor's answer is read only on cgroup2; v1 writes devices.deny at once
        assertThat(pending.isPresent()).isEqualTo(layout == Layout.CGROUP2);
        if (pending.isPresent()) {
            pending.get().finish();
        }
        assertThat(ct.open(NODE)).as("after the deny").isNotEqualTo("ok");
    }

    @Test
    void aContainerThatDoesNotRunIsAnErrorNamingTheSocket() {
        assertThatThrownBy(() -> socket.send("ctplug-no-such-container", CgroupRule.exact('c', 4, 64), true).answer())
                .isInstanceOf(IOException.class).hasMessageContaining("connect");
    }

    @Test
    void anAllowOfAnotherMinorLetsThatOneOpenAndNotThisOne() throws IOException {
        Path other = Path.of("/proc", String.valueOf(ct.initPid()), "root", "dev/ttyCtplugCmdOther");
        // tty6 (4:6): a console that opens; a minor without hardware (ttyS1) would fail with ENXIO
        org.ctplug.posix.Posix.get().mknodChar(other, 0600, 4, 6);
        if (layout == Layout.CGROUP2) {
            socket.send(ct.name, CgroupRule.exact('c', 4, 6), true).answer();
            assertThat(ct.open("/dev/ttyCtplugCmdOther")).as("the allowed minor").isEqualTo("ok");
        } else {
            assertThatThrownBy(() -> socket.send(ct.name, CgroupRule.exact('c', 4, 6), true).answer())
                    .hasMessageContaining("refused");
            assertThat(ct.open("/dev/ttyCtplugCmdOther")).as("v1: the monitor changed nothing").isNotEqualTo("ok");
        }
        assertThat(ct.open(NODE)).as("the minor not allowed").isNotEqualTo("ok");
    }
}
