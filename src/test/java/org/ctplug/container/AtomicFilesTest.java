package org.ctplug.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesNewFile() throws IOException {
        Path target = dir.resolve("105.conf");

        AtomicFiles.write(target, "arch: amd64\n");

        assertThat(target).hasContent("arch: amd64");
        assertThat(dir).isDirectoryNotContaining("glob:**ctplug-tmp*");
    }

    @Test
    void replacesExistingFileAndKeepsItsPermissions() throws IOException {
        Path target = dir.resolve("config");
        Files.writeString(target, "old\n");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));

        AtomicFiles.write(target, "new\n");

        assertThat(Files.readString(target)).isEqualTo("new\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r-----");
    }

    @Test
    void replacesAFileOfAnotherOwnerWithItsOwnerAndMode() throws IOException {
        Path target = dir.resolve("config");
        Files.writeString(target, "old\n");
        Files.setAttribute(target, "unix:uid", 1000);
        Files.setAttribute(target, "unix:gid", 1001);
        Files.setAttribute(target, "unix:mode", 02640);

        AtomicFiles.write(target, "new\n");

        assertThat(Files.readString(target)).isEqualTo("new\n");
        assertThat(Files.readAttributes(target, "unix:uid,gid,mode")).containsEntry("uid", 1000)
                .containsEntry("gid", 1001).hasEntrySatisfying("mode", m -> assertThat((Integer) m & 07777)
                        .isEqualTo(02640));
    }

    @Test
    void aNewFileIsRootsWithMode0644WhateverTheUmask() throws IOException {
        Path target = dir.resolve("70-ctplug.rules");

        AtomicFiles.write(target, "# rules\n");

        assertThat(Files.readAttributes(target, "unix:uid,gid,mode")).containsEntry("uid", 0).containsEntry("gid", 0)
                .hasEntrySatisfying("mode", m -> assertThat((Integer) m & 07777).isEqualTo(0644));
    }

    @Test
    void inPmxcfsNoOwnerOrModeIsSetSincePmxcfsRefusesThem() throws IOException {
        assertThat(AtomicFiles.inPmxcfs(Path.of("/etc/pve/lxc"))).isTrue();
        assertThat(AtomicFiles.inPmxcfs(dir.resolve("etc/pve/lxc"))).isTrue();
        assertThat(AtomicFiles.inPmxcfs(Path.of("/var/lib/lxc/ha"))).isFalse();
        assertThat(AtomicFiles.inPmxcfs(Path.of("/etc/pveX/lxc"))).isFalse();
        Path target = Files.createDirectories(dir.resolve("etc/pve/lxc")).resolve("105.conf");
        Files.writeString(target, "arch: amd64\n");
        Files.setAttribute(target, "unix:uid", 1000);

        AtomicFiles.write(target, "arch: amd64\nunprivileged: 1\n");

        // written as created: pmxcfs itself gives every file root:www-data 0640
        assertThat(Files.readAttributes(target, "unix:uid")).containsEntry("uid", 0);
    }

    @Test
    void failureLeavesTargetAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("busy");
        Files.createDirectory(target);
        Files.writeString(target.resolve("inside"), "x");

        assertThatThrownBy(() -> AtomicFiles.write(target, "content")).isInstanceOf(IOException.class);

        assertThat(target).isDirectory();
        assertThat(dir).isDirectoryNotContaining("glob:**ctplug-tmp*");
    }

    @Test
    void readAndWriteKeepEveryByte() throws IOException {
        Path target = dir.resolve("bytes");
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        Files.write(target, all);

        AtomicFiles.write(target, AtomicFiles.read(target).orElseThrow() + "x");

        byte[] back = Files.readAllBytes(target);
        assertThat(java.util.Arrays.copyOf(back, 256)).isEqualTo(all);
        assertThat(back[256]).isEqualTo((byte) 'x');
    }
}
