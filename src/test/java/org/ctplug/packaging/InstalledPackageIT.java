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

    /**
     * systemd fails the unit with 226/NAMESPACE when a path in ReadWritePaths= (without "-") is
     * missing; on a fresh host nothing but the package creates the LXC ones.
     */
    @Test
    void everyPathTheSandboxNeedsIsCreatedByThePackage() throws Exception {
        String unit = Files.readString(Path.of(UNIT));
        Matcher m = Pattern.compile("(?m)^ReadWritePaths=(.*)$").matcher(unit);
        assertThat(m.find()).as(unit).isTrue();
        String tmpfiles = Files.readString(Path.of("/usr/lib/tmpfiles.d/ctplug.conf"));
        for (String path : m.group(1).trim().split("\\s+")) {
            if (path.startsWith("-")) {
                continue;
            }
            boolean byTmpfiles = tmpfiles.lines().anyMatch(l -> l.matches("d " + Pattern.quote(path) + " .*"));
            boolean bySystemd = path.equals("/var/lib/ctplug") && unit.contains("\nStateDirectory=ctplug\n")
                    || path.equals("/run/ctplug") && unit.contains("\nRuntimeDirectory=ctplug\n");
            boolean byUdev = path.equals("/etc/udev/rules.d");
            assertThat(byTmpfiles || bySystemd || byUdev).as(path + " has nothing that creates it").isTrue();
            if (byTmpfiles) {
                assertThat(Path.of(path)).as(path + " after installation (postinst's systemd-tmpfiles)").isDirectory();
            }
        }
    }
}
