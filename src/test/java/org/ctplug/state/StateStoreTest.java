package org.ctplug.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ctplug.container.ConfigLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    @TempDir
    Path root;

    private static AppliedState sample() {
        Map<String, ContainerState> containers = new LinkedHashMap<>();
        containers.put("zigbee2mqtt", new ContainerState("lxc",
                List.of(new ConfigLine("lxc.cgroup.devices.allow", "c 166:0 rwm")),
                List.of(new NodeState("/dev/ttyZigbee", 166, 0, 4242))));
        containers.put("105", new ContainerState("proxmox",
                List.of(new ConfigLine("lxc.cgroup2.devices.allow", "c 188:3 rwm"),
                        new ConfigLine("lxc.mount.entry", "/dev/ttyZwave dev/ttyZwave none bind,optional,create=file")),
                List.of()));
        return new AppliedState(containers, List.of("/devices/pci0000:00/usb1/1-1/1-1:1.0/tty/ttyACM0"),
                Map.of("zigbee", 166), java.util.Set.of("105"), true);
    }

    @Test
    void missingFileIsEmptyState() throws IOException {
        assertThat(new StateStore(root).load()).isEqualTo(AppliedState.EMPTY);
    }

    @Test
    void stateLivesUnderRoot() {
        assertThat(new StateStore(root).path()).isEqualTo(root.resolve("var/lib/ctplug/state.json"));
    }

    @Test
    void writtenStateLoadsBackEqual() throws IOException {
        StateStore store = new StateStore(root);

        store.write(sample());

        assertThat(store.load()).isEqualTo(sample());
    }

    @Test
    void renderingIsCanonicalWithSortedKeysAndFinalNewline() {
        String json = new StateStore(root).render(sample());

        assertThat(json).endsWith("}\n");
        assertThat(json.indexOf("\"105\"")).isLessThan(json.indexOf("\"zigbee2mqtt\""));
        assertThat(json.indexOf("\"containers\"")).isLessThan(json.indexOf("\"triggeredDevpaths\""));
        assertThat(json.indexOf("\"addedLines\"")).isLessThan(json.indexOf("\"backend\""));
    }

    @Test
    void sameStateGivesSameBytesAfterARoundTrip() throws IOException {
        StateStore store = new StateStore(root);
        store.write(sample());
        byte[] first = Files.readAllBytes(store.path());

        store.write(store.load());

        assertThat(Files.readAllBytes(store.path())).isEqualTo(first);
    }

    @Test
    void corruptFileIsAnErrorNamingIt() throws IOException {
        StateStore store = new StateStore(root);
        Files.createDirectories(store.path().getParent());
        Files.writeString(store.path(), "{\"containers\": [}");

        assertThatThrownBy(store::load).isInstanceOf(IOException.class).hasMessageContaining(store.path().toString());
    }

    @Test
    void wrongShapeIsAnErrorNamingTheFile() throws IOException {
        StateStore store = new StateStore(root);
        Files.createDirectories(store.path().getParent());
        Files.writeString(store.path(), "{\"version\": 1, \"containers\": {\"105\": 3}, \"triggeredDevpaths\": []}\n");

        assertThatThrownBy(store::load).isInstanceOf(IOException.class).hasMessageContaining(store.path().toString())
                .hasMessageContaining("container 105");
    }

    @Test
    void theStateCarriesItsVersion() {
        assertThat(new StateStore(root).render(sample())).contains("\"version\": 3");
    }

    /**
     * The releases that granted whole majors wrote version 1, the first ones none; version 2 is
     * the exact-grant release, which recorded only after an apply and knew no restarts.
     */
    @Test
    void aStateOfAnOlderReleaseReadsWithItsWholeMajorLines() throws IOException {
        StateStore store = new StateStore(root);
        Files.createDirectories(store.path().getParent());
        String old = "{\"containers\": {\"ha\": {\"addedLines\": [{\"key\": \"lxc.cgroup.devices.allow\", "
                + "\"value\": \"c 4:* rwm\"}], \"backend\": \"lxc\", \"nodes\": []}}, \"majors\": {\"serial\": 4}, "
                + "\"triggeredDevpaths\": []%s}\n";
        ContainerState ha = new ContainerState("lxc", List.of(new ConfigLine("lxc.cgroup.devices.allow", "c 4:* rwm")),
                List.of());

        for (String version : List.of("", ", \"version\": 1", ", \"version\": 2")) {
            Files.writeString(store.path(), old.formatted(version));
            assertThat(store.load().containers()).containsExactly(Map.entry("ha", ha));
            assertThat(store.load().restarting()).isEmpty();
        }
    }

    @Test
    void aStateOfANewerReleaseIsRefused() throws IOException {
        StateStore store = new StateStore(root);
        Files.createDirectories(store.path().getParent());
        Files.writeString(store.path(), "{\"version\": 4, \"containers\": {}, \"triggeredDevpaths\": []}\n");

        assertThatThrownBy(store::load).isInstanceOf(IOException.class).hasMessageContaining("unsupported version 4");
    }

    @Test
    void aContainerMidRestartIsRecorded() throws IOException {
        StateStore store = new StateStore(root);

        store.write(sample());

        assertThat(Files.readString(store.path())).containsPattern("\"restarting\": \\[\\s*\"105\"\\s*\\]");
        assertThat(store.load().restarting()).containsExactly("105");
    }
}
