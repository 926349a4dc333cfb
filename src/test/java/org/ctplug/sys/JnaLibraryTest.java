package org.ctplug.sys;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JNA's library in the cache: written once, named for its native version, trusted only when only root can write it. */
@Tag("host") // the cache must be root's: run as root
class JnaLibraryTest {
    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        System.clearProperty("jna.boot.library.path");
        System.clearProperty("jna.boot.library.name");
    }

    private Path cache() {
        return dir.resolve("ctplug");
    }

    private Path library() {
        return cache().resolve(System.mapLibraryName(JnaLibrary.NAME));
    }

    @Test
    void theLibraryIsKeptUnderItsNativeVersionWithTheJarsBytesAndAnEarlierOneGoes() throws Exception {
        Files.createDirectory(cache());
        Path earlier = cache().resolve("libjnidispatch-6.1.6.so");
        Files.writeString(earlier, "old");

        JnaLibrary.keepIn(cache());

        assertThat(library().getFileName().toString()).isEqualTo("libjnidispatch-" + Native.VERSION_NATIVE + ".so");
        try (InputStream in = Native.class.getResourceAsStream(
                "/com/sun/jna/" + Platform.RESOURCE_PREFIX + "/libjnidispatch.so")) {
            assertThat(Files.readAllBytes(library())).isEqualTo(in.readAllBytes());
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(library()))).isEqualTo("rw-r--r--");
        assertThat(earlier).doesNotExist();
        try (var left = Files.list(cache())) {
            assertThat(left).as("no temporary file stays").containsExactly(library());
        }
    }

    @Test
    void aMissingCacheIsMadeForRootAlone() throws Exception {
        JnaLibrary.keepIn(cache());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache()))).isEqualTo("rwxr-xr-x");
        assertThat(library()).isRegularFile();
    }

    @Test
    void jnaIsPointedAtTheCacheOnlyWhenTheLibraryIsThereAndOnlyRootCanWriteIt() throws Exception {
        JnaLibrary.lookIn(cache());
        assertThat(System.getProperty("jna.boot.library.path")).as("no cache yet").isNull();

        JnaLibrary.keepIn(cache());
        Files.setPosixFilePermissions(library(), PosixFilePermissions.fromString("rw-rw-r--"));
        JnaLibrary.lookIn(cache());
        assertThat(System.getProperty("jna.boot.library.path")).as("a group-writable library").isNull();

        Files.setPosixFilePermissions(library(), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(cache(), PosixFilePermissions.fromString("rwxrwxrwx"));
        JnaLibrary.lookIn(cache());
        assertThat(System.getProperty("jna.boot.library.path")).as("a world-writable directory").isNull();

        Files.setPosixFilePermissions(cache(), PosixFilePermissions.fromString("rwxr-xr-x"));
        JnaLibrary.lookIn(cache());
        assertThat(System.getProperty("jna.boot.library.path")).isEqualTo(cache().toString());
        assertThat(System.getProperty("jna.boot.library.name")).isEqualTo(JnaLibrary.NAME);
    }

    @Test
    void aSymlinkInPlaceOfTheLibraryIsNotTrusted() throws Exception {
        Files.createDirectory(cache());
        Path elsewhere = dir.resolve("planted.so");
        Files.writeString(elsewhere, "x");
        Files.createSymbolicLink(library(), elsewhere);

        JnaLibrary.lookIn(cache());

        assertThat(System.getProperty("jna.boot.library.path")).isNull();
    }
}
