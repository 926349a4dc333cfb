package org.ctplug.udev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.ctplug.device.Device;
import org.ctplug.device.SysfsScanner;
import org.ctplug.kind.BlockKind;
import org.ctplug.mapping.BackendKind;
import org.ctplug.mapping.MappingLoader;
import org.ctplug.testing.HostFiles;
import org.ctplug.testing.Shell;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules ctplug writes for kinds other than ttys, read by the real udev: {@code udevadm test}
 * runs them against this machine's own devices (a disk on a PCI function, tun) without applying
 * anything. The rules go to a file of the test's own in /run/udev/rules.d and are removed after.
 */
@Tag("host")
class RealUdevKindRulesTest {
    @TempDir
    Path dir;

    /** What udev would set for {@code syspath} with the rules file in place. */
    static String udevTest(String rules, String syspath) throws Exception {
        Path file = Path.of("/run/udev/rules.d/99-ctplug-test-" + UUID.randomUUID().toString().substring(0, 8)
                + ".rules");
        Files.createDirectories(file.getParent());
        Files.writeString(file, rules);
        try {
            var out = Shell.run("udevadm", "test", "--action=add", syspath);
            assertThat(out.output()).contains("Reading rules file: " + file);
            assertThat(out.output().lines().filter(l -> l.contains(file.toString()))
                    .filter(l -> l.toLowerCase(java.util.Locale.ROOT).matches(".*(invalid|error|ignor).*")))
                    .as("udev reads every line of the file").isEmpty();
            return out.output();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static String rules(String devices) throws Exception {
        return RulesRenderer.render(MappingLoader.parse("version: 1\nbackend: lxc\ndevices:\n" + devices,
                Path.of("devices.yaml"), BackendKind.LXC).entries());
    }

    @Test
    void aDiskOnAPciFunctionGetsThePciRuleAndTunItsKernelNameRule() throws Exception {
        HostFiles.requireHost();
        // this machine's devices as sysfs alone shows them (no udevd in the fake root)
        Files.createSymbolicLink(dir.resolve("sys"), Path.of("/sys"));
        List<Device> disks = new SysfsScanner(dir).scan().stream()
                .filter(d -> d.kind() == BlockKind.BLOCK && d.slot().isPresent()).toList();
        assertThat(disks).as("a disk on a PCI function (virtio, NVMe, AHCI)").isNotEmpty();
        Device disk = disks.get(0);
        String text = rules("""
                  disk:
                    match: {subsystem: block, vendor: "%s", product: "%s", kernel: "%s"}
                    containers: [ct]
                  tun:
                    match: {subsystem: misc, kernel: tun}
                    containers: [ct]
                  ups:
                    match: {subsystem: hidraw, ids: ["0764:0501", "0764:0601"], interface: 0}
                    containers: [ct]
                  gpu:
                    match: {subsystem: drm, vendor: "8086", kernel: "renderD*"}
                    containers: [ct]
                """.formatted(disk.vendor().orElseThrow(), disk.product().orElseThrow(), disk.kernel()));
        // every line of every kind's rule, the import, the PCI guard and its label, is read without complaint

        assertThat(udevTest(text, disk.syspath())).contains("CTPLUG_ENTRY=disk", "CTPLUG_RULE=disk:");
        assertThat(udevTest(text, "/sys/class/misc/tun")).contains("CTPLUG_ENTRY=tun");
    }

    @Test
    void anotherVendorsRuleLeavesTheDiskAlone() throws Exception {
        HostFiles.requireHost();
        Files.createSymbolicLink(dir.resolve("sys"), Path.of("/sys"));
        Device disk = new SysfsScanner(dir).scan().stream()
                .filter(d -> d.kind() == BlockKind.BLOCK && d.slot().isPresent()).findFirst().orElseThrow();
        String other = disk.vendor().orElseThrow().equals("abcd") ? "abce" : "abcd";
        String text = rules("""
                  disk:
                    match: {subsystem: block, vendor: "%s", kernel: "%s"}
                    containers: [ct]
                """.formatted(other, disk.kernel()));

        assertThat(udevTest(text, disk.syspath())).doesNotContain("CTPLUG_ENTRY=");
    }
}
