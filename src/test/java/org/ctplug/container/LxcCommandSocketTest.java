package org.ctplug.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LxcCommandSocketTest {

    @Test
    void socketNameIsLxcpathNameAndCommand() {
        assertThat(new String(LxcCommandSocket.socketName(Path.of("/var/lib/lxc"), "105"), StandardCharsets.UTF_8))
                .isEqualTo("/var/lib/lxc/105/command");
    }

    @Test
    void aNameTooLongForSunPathIsHashedAsLxcDoes() {
        String name = "c".repeat(100);
        // FNV-1a 64 of "/var/lib/lxc/ccc...": lxc_make_abstract_socket_name's fallback
        long hash = 0xcbf29ce484222325L;
        for (byte b : ("/var/lib/lxc/" + name).getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        assertThat(new String(LxcCommandSocket.socketName(Path.of("/var/lib/lxc"), name), StandardCharsets.UTF_8))
                .isEqualTo(String.format("lxc/%016x/command", hash)).hasSize(4 + 16 + 8);
    }

    @Test
    void requestIsTheHeaderThenAFortyByteDeviceItem() {
        ByteBuffer b = ByteBuffer.wrap(LxcCommandSocket.request(CgroupRule.exact('c', 4, 64), false)).order(ByteOrder.nativeOrder());

        assertThat(b.capacity()).isEqualTo(16 + 40);
        assertThat(b.getInt(0)).as("LXC_CMD_ADD_BPF_DEVICE_CGROUP").isEqualTo(14);
        assertThat(b.getInt(4)).as("datalen").isEqualTo(40);
        assertThat((char) b.get(16)).isEqualTo('c');
        assertThat(b.getInt(20)).isEqualTo(4);
        assertThat(b.getInt(24)).isEqualTo(64);
        assertThat(new String(new byte[] {b.get(28), b.get(29), b.get(30), b.get(31)}, StandardCharsets.US_ASCII))
                .isEqualTo("rwm\0");
        assertThat(b.getInt(32)).as("allow").isZero();
    }

    @Test
    void aWildcardIsMinusOneAsLxcWritesIt() {
        ByteBuffer b = ByteBuffer.wrap(LxcCommandSocket.request(CgroupRule.parse("c 4:* rwm").orElseThrow(), true))
                .order(ByteOrder.nativeOrder());

        assertThat(b.getInt(24)).isEqualTo(-1);
        assertThat(b.getInt(32)).as("allow").isEqualTo(1);
    }

    @Test
    void onlyVersionsWhoseLayoutIsKnownGetTheRoute() {
        Path lxc = Path.of("/var/lib/lxc");
        assertThat(LxcCommandSocket.forVersion("5.0.2\n", lxc)).isPresent();
        assertThat(LxcCommandSocket.forVersion("6.0.4", lxc)).isPresent();
        assertThat(LxcCommandSocket.forVersion("4.0.12", lxc)).isPresent();
        assertThat(LxcCommandSocket.forVersion("7.0.0", lxc)).isPresent();
        assertThat(LxcCommandSocket.forVersion("4.0.11", lxc)).isEmpty();
        assertThat(LxcCommandSocket.forVersion("7.0.1", lxc)).isEmpty();
        assertThat(LxcCommandSocket.forVersion("garbage", lxc)).isEmpty();
    }
}
