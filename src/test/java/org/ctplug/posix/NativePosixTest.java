package org.ctplug.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Needs root (mknod, chown) and util-linux's flock(1); fails where they are missing. */
class NativePosixTest {
    private final Posix posix = Posix.get();
    private Process holder;

    @TempDir
    Path dir;

    @AfterEach
    void stopHolder() throws InterruptedException {
        if (holder != null) {
            holder.destroyForcibly();
            holder.waitFor();
        }
    }

    @Test
    void aListingHoldsEachEntryWithItsOwnStatusAndALinksTextNeverFollowed() throws IOException {
        Path devs = Files.createDirectories(dir.resolve("dev/serial/by-id"));
        posix.mknodChar(devs.resolve("ttyNode"), 0640, 188, 7);
        Files.createSymbolicLink(devs.resolve("usb-\u00e9t\u00e9 stick"), Path.of("../../ttyUSB0"));
        Files.createSymbolicLink(devs.resolve("dangling"), Path.of("/nonexistent/" + "x".repeat(200)));
        Files.createDirectory(devs.resolve("sub"));
        // more names than one getdents64 page holds
        for (int i = 0; i < 100; i++) {
            Files.writeString(devs.resolve("f".repeat(60) + i), "");
        }

        var listed = posix.listBeneath(dir, "dev/serial/by-id").orElseThrow();

        var byName = new java.util.HashMap<String, DirEntry>();
        listed.forEach(e -> byName.put(e.name(), e));
        assertThat(byName).hasSize(104);
        assertThat(byName.get("ttyNode").status().isCharDevice()).isTrue();
        assertThat(byName.get("ttyNode").status().minor()).isEqualTo(7);
        assertThat(byName.get("ttyNode").status().permissions()).isEqualTo(0640);
        assertThat(byName.get("usb-\u00e9t\u00e9 stick").target()).isEqualTo("../../ttyUSB0");
        assertThat(byName.get("dangling").isSymlink()).isTrue();
        assertThat(byName.get("dangling").target()).hasSize(213);
        assertThat(byName.get("sub").status().isDirectory()).isTrue();
        assertThat(byName.get("f".repeat(60) + "99").target()).isEmpty();
        assertThat(posix.listBeneath(dir, "dev/serial/by-path")).isEmpty();
        assertThat(posix.entryBeneath(dir, "dev/serial/by-id/usb-\u00e9t\u00e9 stick").orElseThrow().target())
                .isEqualTo("../../ttyUSB0");
        assertThat(posix.entryBeneath(dir, "dev/serial/by-id/none")).isEmpty();
    }

    @Test
    void mknodCreatesACharacterDeviceThatStatReadsBack() throws IOException {
        Path node = dir.resolve("ttyTest");
        posix.mknodChar(node, 0660, 188, 300);

        FileStatus st = posix.stat(node);
        assertThat(st.isCharDevice()).isTrue();
        assertThat(st.major()).isEqualTo(188);
        assertThat(st.minor()).isEqualTo(300);
    }

    @Test
    void chownSetsNumericOwner() throws IOException {
        Path node = dir.resolve("ttyOwned");
        posix.mknodChar(node, 0660, 4, 64);
        posix.chown(node, 100000, 100020);

        FileStatus st = posix.stat(node);
        assertThat(st.uid()).isEqualTo(100000);
        assertThat(st.gid()).isEqualTo(100020);
    }

    @Test
    void statOfAMissingFileNamesPathAndErrno() {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> posix.stat(missing))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("ENOENT");
    }

    @Test
    void flockCreatesLockFileAndParents() throws IOException {
        Path lock = dir.resolve("run/lock/lxc/pve-config-105.lock");
        try (FileLock held = posix.flock(lock, Duration.ofSeconds(1))) {
            assertThat(held.path()).isEqualTo(lock);
            assertThat(lock).exists();
        }
    }

    @Test
    void flockWaitsForAnotherProcessToRelease() throws IOException, InterruptedException {
        Path lock = dir.resolve("pve-config-105.lock");
        startHolder(lock, 2);

        try (FileLock held = posix.flock(lock, Duration.ofSeconds(5))) {
            assertThat(held.path()).isEqualTo(lock);
            assertThat(holder.waitFor(1, TimeUnit.SECONDS)).as("holder has exited").isTrue();
        }
    }

    /** lock_timeout may exceed WatchdogSec: the daemon keeps feeding the watchdog while it waits. */
    @Test
    void aWaitForAHeldLockRunsItsHeartbeatUntilItGetsTheLock() throws IOException, InterruptedException {
        Path lock = dir.resolve("pve-config-107.lock");
        startHolder(lock, 1);
        java.util.concurrent.atomic.AtomicInteger beats = new java.util.concurrent.atomic.AtomicInteger();

        try (FileLock held = posix.flock(lock, Duration.ofSeconds(5), beats::incrementAndGet)) {
            assertThat(beats.get()).as("beats while the holder had it").isPositive();
            assertThat(holder.waitFor(1, TimeUnit.SECONDS)).as("holder has exited").isTrue();
        }
    }

    @Test
    void flockGivesUpAfterTimeout() throws IOException {
        Path lock = dir.resolve("pve-config-106.lock");
        startHolder(lock, 5);

        assertThatThrownBy(() -> posix.flock(lock, Duration.ofMillis(300)))
                .isInstanceOf(LockTimeoutException.class)
                .hasMessage("another process (pct?) holds " + lock + "; gave up after 300 ms");
    }

    @Test
    void releasedLockCanBeTakenAgainAtOnce() throws IOException {
        Path lock = dir.resolve("again.lock");
        posix.flock(lock, Duration.ofSeconds(1)).close();
        try (FileLock again = posix.flock(lock, Duration.ofMillis(1))) {
            assertThat(again.path()).isEqualTo(lock);
        }
    }

    @Test
    void aSymlinkAtTheLocksNameIsNotFollowed() throws IOException {
        Path victim = dir.resolve("victim");
        Path lock = dir.resolve("lxc/pve-config-105.lock");
        Files.createDirectories(lock.getParent());
        Files.createSymbolicLink(lock, victim);

        assertThatThrownBy(() -> posix.flock(lock, Duration.ofSeconds(1))).isInstanceOf(IOException.class)
                .hasMessageContaining(lock.toString()).hasMessageContaining("ELOOP");
        assertThat(victim).doesNotExist();
    }

    @Test
    void aLockDirectoryOthersMayWriteIsRefusedEvenWithTheStickyBitOfRunLock() throws Exception {
        Path lxc = Files.createDirectory(dir.resolve("lxc"));
        // the JDK cannot set the sticky bit
        assertThat(new ProcessBuilder("chmod", "1777", lxc.toString()).start().waitFor()).isZero();

        assertThatThrownBy(() -> posix.flock(lxc.resolve("pve-config-105.lock"), Duration.ofSeconds(1)))
                .isInstanceOf(IOException.class)
                .hasMessage("refusing to lock in " + lxc + ": it must be a directory owned by root and writable by"
                        + " root only (it is a directory, uid 0, gid 0, mode 1777)");
        assertThat(lxc.resolve("pve-config-105.lock")).doesNotExist();
    }

    @Test
    void aLockDirectoryOwnedOrGroupWritableByAnotherUserIsRefused() throws IOException {
        Path owned = Files.createDirectory(dir.resolve("owned"));
        posix.chown(owned, 1000, 0);
        Path group = Files.createDirectory(dir.resolve("group"));
        posix.chown(group, 0, 1000);
        Files.setPosixFilePermissions(group, PosixFilePermissions.fromString("rwxrwxr-x"));

        assertThatThrownBy(() -> posix.flock(owned.resolve("a.lock"), Duration.ofSeconds(1)))
                .hasMessageContaining("uid 1000");
        assertThatThrownBy(() -> posix.flock(group.resolve("a.lock"), Duration.ofSeconds(1)))
                .hasMessageContaining("gid 1000, mode 0775");
    }

    @Test
    void aLockDirectoryThatIsASymlinkIsRefused() throws IOException {
        Path real = Files.createDirectory(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("lxc"), real);

        assertThatThrownBy(() -> posix.flock(link.resolve("a.lock"), Duration.ofSeconds(1)))
                .hasMessageContaining("not a directory");
    }

    @Test
    void aLockDirectoryGroupRootMayWriteIsFine() throws IOException {
        Path lxc = Files.createDirectory(dir.resolve("lxc"));
        Files.setPosixFilePermissions(lxc, PosixFilePermissions.fromString("rwxrwxr-x"));

        try (FileLock held = posix.flock(lxc.resolve("pve-config-105.lock"), Duration.ofSeconds(1))) {
            assertThat(held.path()).exists();
        }
    }

    /** flock(1) takes flock(2), as pct does; the marker shows it holds the lock. */
    private void startHolder(Path lock, int seconds) throws IOException {
        Path marker = dir.resolve(lock.getFileName() + ".held");
        holder = new ProcessBuilder("flock", lock.toString(), "-c", "touch '" + marker + "'; sleep " + seconds)
                .redirectErrorStream(true)
                .start();
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(marker));
    }

    /** Each name is looked at in the one directory, never through a symlink on the way or at the name. */
    @Test
    void lstatEachBeneathSeesEachNameWithoutFollowingAndRefusesASymlinkedDirectory() throws IOException {
        java.nio.file.Files.createDirectories(dir.resolve("dev/serial"));
        java.nio.file.Files.createSymbolicLink(dir.resolve("dev/ttyLink"), Path.of("/etc/passwd"));
        posix.mknodChar(dir.resolve("dev/ttyNode"), 0660, 4, 64);

        java.util.Map<String, FileStatus> seen = posix.lstatEachBeneath(dir, "dev",
                java.util.List.of("serial", "ttyLink", "ttyNode", "absent")).orElseThrow();

        assertThat(seen).containsOnlyKeys("serial", "ttyLink", "ttyNode");
        assertThat(seen.get("serial").isDirectory()).isTrue();
        assertThat(seen.get("ttyLink").mode() & 0170000).as("the link itself").isEqualTo(0120000);
        assertThat(seen.get("ttyNode").major()).isEqualTo(4);
        assertThat(posix.lstatEachBeneath(dir, "nothing", java.util.List.of("a"))).isEmpty();

        java.nio.file.Files.createSymbolicLink(dir.resolve("elsewhere"), dir.resolve("dev"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> posix.lstatEachBeneath(dir, "elsewhere",
                java.util.List.of("serial"))).isInstanceOf(SymlinkOnPathException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> posix.lstatEachBeneath(dir, "dev",
                java.util.List.of("serial/by-id"))).isInstanceOf(IllegalArgumentException.class);
    }
}
