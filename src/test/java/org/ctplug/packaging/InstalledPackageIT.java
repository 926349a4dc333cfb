package org.ctplug.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One installation of the .deb on this host, inspected by tests that only read. */
class InstalledPackageIT {

    private static final String UNIT = "/usr/lib/systemd/system/ctplug.service";

    @BeforeAll
    static void install() {
        Host.requireRoot();
        Host.purgeQuietly();
        Host.install(Host.deb());
    }

    @AfterAll
    static void purge() {
        Host.purgeQuietly();
        assertThat(Host.installed()).as("ctplug left installed").isFalse();
    }

    @Test
    void helpRuns() {
        Host.runOk("ctplug", "--help");
    }

    @Test
    void listRuns() {
        Host.runOk("ctplug", "list");
    }

    @Test
    void checkAcceptsTheShippedMapping() {
        Host.runOk("ctplug", "check");
    }

    @Test
    void installEnablesTheServiceForMultiUserTarget() {
        assertThat(Path.of("/etc/systemd/system/multi-user.target.wants/ctplug.service"))
                .isSymbolicLink();
    }

    @Test
    void systemdAnalyzeVerifyAcceptsTheInstalledUnit() {
        Host.Result verify = Host.run("systemd-analyze", "verify", UNIT);
        assertThat(verify.exit()).as(verify.output()).isZero();
        assertThat(verify.output()).as("warnings about ctplug.service")
                .doesNotContain("ctplug.service:");
    }

    @Test
    void systemdAnalyzeSecurityRatesTheUnitAtMostFive() {
        String report = Host.runOk("systemd-analyze", "security", "--offline=true", UNIT);
        Matcher level = Pattern.compile("Overall exposure level for ctplug\\.service: (\\d+\\.\\d)")
                .matcher(report);
        assertThat(level.find()).as(report).isTrue();
        assertThat(Double.parseDouble(level.group(1))).as(report).isLessThanOrEqualTo(5.0);
    }

    @Test
    void launcherExecsJavaSoSystemdSeesTheJvmAsMainProcess() throws Exception {
        assertThat(Files.readString(Path.of("/usr/bin/ctplug")))
                .containsPattern("(?m)^exec /usr/bin/java ");
    }
}
