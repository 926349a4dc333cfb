package org.ctplug.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NodePathsTest {
    private final Path store = Path.of("/run/ctplug/dev");

    @Test
    void storedNodeLivesInTheContainersDirectory() {
        assertThat(NodePaths.storedNode(store, "105", "/dev/ttyACM0"))
                .isEqualTo(Path.of("/run/ctplug/dev/105/dev%2FttyACM0"));
    }

    @Test
    void storedNodeIsStableForOnePath() {
        assertThat(NodePaths.storedNode(store, "zigbee2mqtt", "/dev/serial/by-id/x"))
                .isEqualTo(NodePaths.storedNode(store, "zigbee2mqtt", "/dev/serial/by-id/x"));
    }

    @Test
    void pathsThatDifferOnlyInSlashOrUnderscoreGetDistinctStoreNodes() {
        assertThat(NodePaths.storeName("/dev/a_b")).isNotEqualTo(NodePaths.storeName("/dev/a/b"));
        assertThat(NodePaths.storeName("/dev/a%2Fb")).isNotEqualTo(NodePaths.storeName("/dev/a/b"));
    }

    @Test
    void parentsAreListedOutermostFirst() {
        assertThat(NodePaths.parents("/dev/serial/by-id/zigbee"))
                .containsExactly("/dev", "/dev/serial", "/dev/serial/by-id");
    }

    @Test
    void nodeDirectlyUnderRootHasNoParents() {
        assertThat(NodePaths.parents("/ttyX")).isEmpty();
    }

    @Test
    void relativeContainerPathIsRejected() {
        assertThatThrownBy(() -> NodePaths.segments("dev/ttyACM0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void containerPathWithDotDotIsRejected() {
        assertThatThrownBy(() -> NodePaths.segments("/dev/../etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void containerPathWithEmptySegmentOrTrailingSlashIsRejected() {
        assertThatThrownBy(() -> NodePaths.segments("/dev//tty")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodePaths.segments("/dev/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodePaths.segments("/")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void containerNameWithSlashOrDotsIsRejected() {
        assertThatThrownBy(() -> NodePaths.storedNode(store, "../x", "/dev/tty"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodePaths.storedNode(store, "..", "/dev/tty"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void liveTargetRejectsHostInitAndNegativeShift() {
        assertThatThrownBy(() -> new LiveTarget("105", 1, 1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LiveTarget("105", 4242, 1, -1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
