package org.ctplug.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** flock(1) takes flock(2), as pct does; the marker shows it holds the lock. */
    private void startHolder(Path lock, int seconds) throws IOException {
        Path marker = dir.resolve(lock.getFileName() + ".held");
        holder = new ProcessBuilder("flock", lock.toString(), "-c", "touch '" + marker + "'; sleep " + seconds)
                .redirectErrorStream(true)
                .start();
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(marker));
    }
}
