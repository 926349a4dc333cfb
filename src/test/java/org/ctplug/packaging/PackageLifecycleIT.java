package org.ctplug.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Install, reinstall, upgrade, remove and purge of the .deb on this host, as apt does them. */
class PackageLifecycleIT {

    private static final Path MAPPING = Path.of("/etc/ctplug/devices.yaml");
    private static final Path RULES = Path.of("/etc/udev/rules.d/70-ctplug.rules");
    private static final String EDIT = "# edited by the administrator\n";

    @BeforeEach
    void startWithoutCtplug() {
        Host.requireRoot();
        Host.purgeQuietly();
    }

    @AfterEach
    void leaveWithoutCtplug() throws IOException {
        Host.purgeQuietly();
        // the generated files a test made stand-ins for, should the purge not have run
        Files.deleteIfExists(RULES);
        Host.run("rm", "-rf", "/var/lib/ctplug", "/run/ctplug");
        assertThat(Host.installed()).as("ctplug left installed").isFalse();
    }

    @Test
    void installSucceedsWithOrWithoutSystemdAsInit() {
        Host.install(Host.deb());
        assertThat(Host.installed()).isTrue();
    }

    @Test
    void purgeLeavesNoneOfCtplugsFilesBehind() {
        Host.install(Host.deb());
        List<String> packaged = Host.runOk("dpkg", "-L", "ctplug").lines().toList();
        makeGeneratedFiles();

        Host.runOk("apt-get", "purge", "-y", "-q", "ctplug");

        for (String path : packaged) {
            if (Files.exists(Path.of(path))) {
                // a directory shared with other packages (/usr/bin, /etc, ...) stays
                assertThat(Path.of(path)).as(path).isDirectory();
                assertThat(Host.run("dpkg", "-S", path).exit()).as("%s is owned by another package", path)
                        .isZero();
            }
        }
        assertThat(RULES).doesNotExist();
        assertThat(Path.of("/var/lib/ctplug")).doesNotExist();
        assertThat(Path.of("/run/ctplug")).doesNotExist();
        assertThat(Path.of("/etc/ctplug")).doesNotExist();
        assertThat(Path.of("/etc/systemd/system/multi-user.target.wants/ctplug.service")).doesNotExist();
    }

    @Test
    void removeKeepsTheEditedMapping() throws IOException {
        Host.install(Host.deb());
        Files.writeString(MAPPING, EDIT, StandardOpenOption.APPEND);

        Host.runOk("apt-get", "remove", "-y", "-q", "ctplug");

        assertThat(Path.of("/usr/bin/ctplug")).doesNotExist();
        assertThat(Files.readString(MAPPING)).endsWith(EDIT);
    }

    @Test
    void reinstallKeepsTheEditedMapping() throws IOException {
        Host.install(Host.deb());
        Files.writeString(MAPPING, EDIT, StandardOpenOption.APPEND);

        Host.runOk("apt-get", "install", "-y", "-q", "--reinstall", Host.deb().toAbsolutePath().toString());

        assertThat(Files.readString(MAPPING)).endsWith(EDIT);
        assertThat(Path.of("/etc/ctplug/devices.yaml.dpkg-dist")).doesNotExist();
    }

    @Test
    void upgradeKeepsTheEditedMappingWithoutAsking(@TempDir Path work) throws IOException {
        Path newer = higherVersion(work);
        Host.install(Host.deb());
        Files.writeString(MAPPING, EDIT, StandardOpenOption.APPEND);

        // no --force-confold: an unchanged packaged conffile keeps the local edit silently
        Host.install(newer);

        assertThat(Host.runOk("dpkg-query", "-W", "-f=${Version}", "ctplug")).endsWith("-99");
        assertThat(Files.readString(MAPPING)).endsWith(EDIT);
        assertThat(Path.of("/etc/ctplug/devices.yaml.dpkg-dist")).doesNotExist();
    }

    @Test
    void mountHelperMountsANodeTmpfsThatPurgeDetaches() {
        Host.install(Host.deb());
        Host.runOk("/usr/libexec/ctplug/mount-dev");
        String options = Host.runOk("findmnt", "-n", "-o", "FSTYPE,OPTIONS", "/run/ctplug/dev");
        assertThat(options).startsWith("tmpfs").doesNotContain("nodev");

        Host.runOk("apt-get", "purge", "-y", "-q", "ctplug");

        assertThat(Host.run("mountpoint", "-q", "/run/ctplug/dev").exit()).isNotZero();
        assertThat(Path.of("/run/ctplug")).doesNotExist();
    }

    /** The same package with a higher Debian revision, as the next release would be. */
    private static Path higherVersion(Path work) throws IOException {
        Path tree = work.resolve("tree");
        Host.runOk("dpkg-deb", "-R", Host.deb().toString(), tree.toString());
        Path control = tree.resolve("DEBIAN/control");
        String text = Files.readString(control);
        Files.writeString(control, text.replaceFirst("(?m)^Version: (.*)-\\d+$", "Version: $1-99"));
        Path deb = work.resolve("ctplug_upgrade_all.deb");
        Host.runOk("dpkg-deb", "--root-owner-group", "-b", tree.toString(), deb.toString());
        return deb;
    }

    private static void makeGeneratedFiles() {
        Host.runOk("sh", "-c", "printf '# ctplug\\n' > " + RULES
                + " && mkdir -p /var/lib/ctplug /run/ctplug && echo '{}' > /var/lib/ctplug/state.json"
                + " && echo x > /run/ctplug/stamp");
    }
}
