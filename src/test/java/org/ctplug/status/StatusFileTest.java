package org.ctplug.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusFileTest {
    @TempDir
    Path root;

    @Test
    void whatTheDaemonPublishesUnderItsRootIsReadBackWhole() throws IOException {
        StatusFile file = new StatusFile(root);
        Instant at = Instant.parse("2026-01-02T03:04:05.123Z");
        Published p = new Published(1234, at, 9, Map.of("105", new Published.LastAction("put node /dev/tty\"x\"", at,
                Optional.of("EPERM")), "ha", new Published.LastAction("allow c 4:64", at, Optional.empty())),
                Map.of("105", at.plusSeconds(60)));

        file.write(p);

        assertThat(file.path()).isEqualTo(root.resolve("run/ctplug/status.json"));
        assertThat(file.read()).contains(p);
    }

    @Test
    void noFileMeansNoDaemonPublishedAndABrokenOneIsNamed() throws IOException {
        StatusFile file = new StatusFile(root);
        assertThat(file.read()).isEmpty();

        Files.createDirectories(file.path().getParent());
        Files.writeString(file.path(), "[1, 2]");

        assertThatThrownBy(file::read).isInstanceOf(IOException.class).hasMessageContaining(file.path().toString());
    }
}
