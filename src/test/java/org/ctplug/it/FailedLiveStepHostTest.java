package org.ctplug.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ctplug.cli.Main;
import org.ctplug.testing.HostTest;
import org.ctplug.testing.LxcContainer;
import org.junit.jupiter.api.Test;

/**
 * A first plug into a running container whose live step fails after ctplug decided to write the
 * config: the lines it wrote are still its own, so unmapping takes every one of them out again.
 */
class FailedLiveStepHostTest extends HostTest {

    private Path mapping(String devices) throws Exception {
        Path file = dir.resolve("devices.yaml");
        Files.writeString(file, """
                version: 1
                backend: lxc
                devices:%s
                """.formatted(devices));
        return file;
    }

    @Test
    void unmappingAfterAFailedLiveNodeGivesTheConfigBackByteForByte() throws Exception {
        ct = LxcContainer.create("ctplug-failed", true, false);
        ct.start();
        // the mapped path's parent is a regular file inside: no node can be made below it
        assertThat(ct.attach("touch", "/dev/ctplugfile").exit()).isZero();
        String before = Files.readString(ct.config());
        Path mapped = mapping("""

                  serial-test:
                    match: {kernel: ttyS0}
                    link: ttyCtplugFailed
                    containers:
                      - id: %s
                        path: /dev/ctplugfile/ttyZigbee
                """.formatted(ct.name));

        assertThat(Main.run("apply", "--config", mapped.toString())).as("the live node fails").isNotEqualTo(Main.OK);
        assertThat(Files.readString(ct.config())).contains("ttyCtplugFailed");

        assertThat(Main.run("apply", "--config", mapping(" {}").toString())).isEqualTo(Main.OK);
        assertThat(Files.readString(ct.config())).isEqualTo(before);
    }
}
