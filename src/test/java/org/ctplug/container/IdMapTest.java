package org.ctplug.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class IdMapTest {

    @Test
    void dialoutInsideIsBasePlusTwenty() {
        assertThat(IdMap.PROXMOX_DEFAULT.hostGid(20)).isEqualTo(100020);
        assertThat(IdMap.PROXMOX_DEFAULT.hostUid(0)).isEqualTo(100000);
    }

    @Test
    void idOutsideTheMapIsRefused() {
        assertThatThrownBy(() -> IdMap.PROXMOX_DEFAULT.hostUid(65536)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void splitMapUsesTheRangeStartingAtZero() {
        List<String> lines = List.of("u 1000 1000 1", "u 0 100000 1000", "u 1001 101001 64535",
                "g 0 100000 65536");

        assertThat(IdMap.fromIdmapLines(lines)).contains(new IdMap(100000, 100000, 1000));
    }

    @Test
    void malformedLinesAreIgnored() {
        assertThat(IdMap.fromIdmapLines(List.of("u 0 x 65536", "g 0 100000 0"))).isEmpty();
    }
}
