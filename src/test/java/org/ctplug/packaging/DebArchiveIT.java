package org.ctplug.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .deb as a file: what lintian says about it, what it holds, and that builds repeat. */
class DebArchiveIT {

    @Test
    void lintianReportsNoErrorsAndNoWarnings() {
        Host.Result lintian = Host.run("lintian", "--pedantic", "--fail-on", "error,warning",
                Host.deb().toString());
        assertThat(lintian.exit()).as(lintian.output()).isZero();
        assertThat(lintian.output().lines()).as(lintian.output())
                .noneMatch(line -> line.startsWith("E: ") || line.startsWith("W: "));
    }

    @Test
    void shipsJarLibrariesLauncherUnitConffileAndDocs() {
        String listing = Host.runOk("dpkg-deb", "--contents", Host.deb().toString());
        assertThat(listing).contains(
                " ./usr/share/ctplug/ctplug.jar",
                " ./usr/share/ctplug/lib/picocli-",
                " ./usr/bin/ctplug",
                " ./usr/libexec/ctplug/mount-dev",
                " ./usr/lib/systemd/system/ctplug.service",
                " ./usr/lib/tmpfiles.d/ctplug.conf",
                " ./etc/ctplug/devices.yaml",
                " ./usr/share/doc/ctplug/copyright",
                " ./usr/share/doc/ctplug/changelog.Debian.gz",
                " ./usr/share/man/man8/ctplug.8.gz");
        assertThat(Host.runOk("sh", "-c", "dpkg-deb --ctrl-tarfile '" + Host.deb() + "' | tar -xO ./conffiles"))
                .isEqualTo("/etc/ctplug/devices.yaml\n");
    }

    @Test
    void everyEntryCarriesTheSameFixedTimestamp() {
        List<String> dates = Host.runOk("dpkg-deb", "--contents", Host.deb().toString()).lines()
                .map(line -> Arrays.stream(line.trim().split("\\s+")).skip(3).limit(2)
                        .reduce((date, time) -> date + " " + time).orElseThrow())
                .distinct()
                .toList();
        assertThat(dates).hasSize(1);
    }

    @Test
    void secondBuildOfTheSameSourcesIsByteIdentical(@TempDir Path copy) throws IOException {
        Path base = Host.baseDir();
        try (Stream<Path> top = Files.list(base)) {
            for (Path entry : top.toList()) {
                String name = entry.getFileName().toString();
                if (!name.equals("target") && !name.equals(".git")) {
                    Host.runOk("cp", "-a", entry.toString(), copy.toString());
                }
            }
        }
        Host.Result build = Host.run(copy, List.of("mvn", "-o", "-q", "-B", "package", "-DskipTests"));
        assertThat(build.exit()).as(build.output()).isZero();

        Path again = copy.resolve("target").resolve(Host.deb().getFileName());
        assertThat(again).isRegularFile();
        assertThat(Files.mismatch(Host.deb(), again)).as("first differing byte").isEqualTo(-1L);
    }
}
