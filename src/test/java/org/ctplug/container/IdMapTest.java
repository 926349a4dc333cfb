package org.ctplug.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class IdMapTest {
    static final List<String> PASS_DIALOUT = List.of("u 0 100000 65536", "g 0 100000 20", "g 20 20 1",
            "g 21 100021 65515");

    @Test
    void dialoutInsideIsBasePlusTwenty() {
        assertThat(IdMap.PROXMOX_DEFAULT.hostGid(20)).hasValue(100020);
        assertThat(IdMap.PROXMOX_DEFAULT.hostUid(0)).hasValue(100000);
    }

    @Test
    void idOutsideTheMapHasNoHostId() {
        assertThat(IdMap.PROXMOX_DEFAULT.hostUid(65536)).isEmpty();
        assertThat(IdMap.PROXMOX_DEFAULT.hostUid(-1)).isEmpty();
    }

    @Test
    void everyRangeOfASplitMapCounts() {
        IdMap map = IdMap.fromIdmapLines(PASS_DIALOUT).orElseThrow();

        assertThat(map.hostGid(19)).hasValue(100019);
        assertThat(map.hostGid(20)).hasValue(20);
        assertThat(map.hostGid(21)).hasValue(100021);
        assertThat(map.hostGid(65535)).hasValue(165535);
        assertThat(map.hostUid(20)).hasValue(100020);
    }

    @Test
    void aHoleInTheMapIsUnmappedAndDescribed() {
        IdMap map = IdMap.fromIdmapLines(List.of("u 0 100000 65536", "g 21 100021 65515", "g 0 100000 20"))
                .orElseThrow();

        assertThat(map.hostGid(20)).isEqualTo(OptionalLong.empty());
        assertThat(map.describeGids()).isEqualTo("0-19, 21-65535");
    }

    @Test
    void oneKindAloneStandsForBoth() {
        assertThat(IdMap.fromIdmapLines(List.of("u 0 100000 65536")).orElseThrow().hostGid(20)).hasValue(100020);
    }

    @Test
    void malformedLinesAreIgnored() {
        assertThat(IdMap.fromIdmapLines(List.of("u 0 x 65536", "g 0 100000 0", "u 0 1"))).isEmpty();
    }
}
