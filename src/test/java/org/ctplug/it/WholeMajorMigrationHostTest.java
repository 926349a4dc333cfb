package org.ctplug.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.ctplug.cli.Main;
import org.ctplug.testing.HostFiles;
import org.ctplug.testing.HostTest;
import org.ctplug.testing.LxcContainer;
import org.ctplug.testing.Shell;
import org.junit.jupiter.api.Test;

/**
 * The release before exact grants wrote a whole-major line for container A (and recorded it as
 * its own), and none for container B, whose user had written {@code c 4:* rwm} by hand. The state
 * file and the lines are what that release wrote for this mapping, with the names replaced.
 */
class WholeMajorMigrationHostTest extends HostTest {
    static final String MOUNT = "lxc.mount.entry = /dev/ttyCtplugGrant dev/ttyZigbee none bind,optional,create=file";

    String oldState(String a, String b) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/state/whole-major-release.json")) {
            String ttyS0 = Path.of("/sys/class/tty/ttyS0").toRealPath().toString().substring("/sys".length());
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@A@", a).replace("@B@", b)
                    .replace("@KEY@", layout.allowKey()).replace("@TTYS0@", ttyS0);
        }
    }

    Path mapping(String a, String b) throws Exception {
        return ttyMapping("ttyS0", "ttyCtplugGrant", a, "/dev/ttyZigbee", "-1", b, "/dev/ttyZigbee", "-1");
    }

    /** "ok" when a node for {@code major:minor}, made inside by the container, opens there. */
    static String openOwnNode(LxcContainer c, int minor) {
        String path = "/dev/ctplug-probe-4-" + minor;
        c.attach("mknod", path, "c", "4", String.valueOf(minor));
        if (!Files.exists(Path.of("/proc/" + c.initPid() + "/root" + path))) {
            Shell.run("mknod", "/proc/" + c.initPid() + "/root" + path, "c", "4", String.valueOf(minor)).ok();
        }
        return c.open(path);
    }

    @Test
    void theOldWholeMajorLineIsReplacedLiveAndInTheConfigAndTheUsersOwnStays() throws Exception {
        ct = LxcContainer.create("ctplug-migrate-a", true, false);
        try (LxcContainer b = LxcContainer.create("ctplug-migrate-b", true, false)) {
            Files.writeString(ct.config(), layout.allowKey() + " = c 4:* rwm\n" + MOUNT + "\n", StandardOpenOption.APPEND);
            Files.writeString(b.config(), layout.allowKey() + " = c 4:* rwm\n" + MOUNT + "\n", StandardOpenOption.APPEND);
            Files.createDirectories(HostFiles.STATE_DIR);
            Files.writeString(HostFiles.STATE_DIR.resolve("state.json"), oldState(ct.name, b.name));
            String bBefore = Files.readString(b.config());
            ct.start();
            // the premise: the old line lets the container open the host's tty1
            assertThat(openOwnNode(ct, 1)).isEqualTo("ok");
            int pid = ct.initPid();

            assertThat(Main.run("apply", "--config", mapping(ct.name, b.name).toString())).isEqualTo(Main.OK);

            List<String> a = Files.readAllLines(ct.config());
            assertThat(a).contains(layout.allowKey() + " = c 4:64 rwm", MOUNT).doesNotContain(layout.allowKey() + " = c 4:* rwm");
            assertThat(Files.readString(b.config())).isEqualTo(bBefore + layout.allowKey() + " = c 4:64 rwm\n");
            assertThat(openOwnNode(ct, 1)).contains("Operation not permitted");
            assertThat(openOwnNode(ct, 64)).isEqualTo("ok");
            assertThat(ct.initPid()).isEqualTo(pid);
            assertThat(Files.readString(HostFiles.STATE_DIR.resolve("state.json"))).contains("\"version\": 3")
                    .doesNotContain("4:*");
        }
    }
}
