package org.ctplug.mapping;

import org.ctplug.exec.ToolPaths;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The commented example shipped as /etc/ctplug/devices.yaml. */
class ExampleMappingTest {
    private static final String EXAMPLE = Yamls.resource("org/ctplug/mapping/devices.example.yaml");

    @Test
    void loadsAsAValidMappingWithNoEntriesOnBothBackends() throws Exception {
        Mapping proxmox = Yamls.proxmox(EXAMPLE);
        Mapping lxc = Yamls.lxc(EXAMPLE);

        assertThat(proxmox.entries()).isEmpty();
        assertThat(proxmox.backend()).isEqualTo(BackendKind.PROXMOX);
        assertThat(lxc.backend()).isEqualTo(BackendKind.LXC);
        assertThat(proxmox.defaults()).isEqualTo(Defaults.DEFAULT);
        assertThat(proxmox.tools()).isEqualTo(ToolPaths.DEFAULT);
        assertThat(proxmox.daemon()).isEqualTo(DaemonSettings.DEFAULT);
    }

    @Test
    void itsCommentedSectionsAreValidOnceUncommented() throws Exception {
        // what an admin gets by following the instructions in the file
        String uncommented = EXAMPLE.lines()
                .map(l -> l.startsWith("# tools:") || l.startsWith("#   ") || l.startsWith("# daemon:")
                        || l.startsWith("#  ") ? l.substring(2) : l)
                .map(l -> l.equals("devices: {}") ? "devices:" : l)
                .collect(Collectors.joining("\n", "", "\n"));

        Mapping m = Yamls.proxmox(uncommented);

        assertThat(m.tools()).isEqualTo(ToolPaths.DEFAULT);
        assertThat(m.daemon()).isEqualTo(DaemonSettings.DEFAULT);
        assertThat(m.entries()).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("zigbee");
            assertThat(e.match().vendor()).isEqualTo(Optional.of("0451"));
            assertThat(e.match().interfaceNumber()).isEqualTo(Optional.of(0));
            assertThat(e.link()).contains("ttyZigbee");
            assertThat(e.containers()).containsExactly(new ContainerRef("105", "/dev/ttyZigbee", 0, 0),
                    new ContainerRef("106", "/dev/ttyACM0", 0, 20));
        });
    }
}
