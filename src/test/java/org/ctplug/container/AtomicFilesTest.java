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
