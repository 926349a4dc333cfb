package org.ctplug.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One format for every failed call, and errno values as the kernel returns them. */
class ErrnoExceptionTest {

    @TempDir
    Path dir;

    @Test
    void messageNamesTheCallWhatItActedOnTheErrnoAndItsText() {
        assertThat(new ErrnoException("open", "/dev/ttyZigbee", Errno.ENOENT))
                .hasMessage("open(/dev/ttyZigbee): ENOENT (No such file or directory)");
    }

    @Test
    void anExpectedAnswerCostsNoStackWalk() {
        // ENOENT for a name that is not there comes on every event: the message says where it was
        assertThat(new ErrnoException("statx", "/dev/serial", Errno.ENOENT).getStackTrace()).isEmpty();
    }

    @Test
    void anErrnoTheTableDoesNotHoldIsShownByNumber() {
        assertThat(new ErrnoException("ioctl", "fd 3", 4095)).hasMessage("ioctl(fd 3): errno 4095 (Unknown error 4095)");
    }

    @Test
    void aFailedOpenCarriesTheKernelsErrno() {
        Path missing = dir.resolve("missing");

        assertThatThrownBy(() -> FileCalls.open(missing.toString(), FileCalls.O_RDONLY, 0))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT))
                .hasMessage("open(" + missing + "): ENOENT (No such file or directory)");
    }

    @Test
    void theConstantsAreTheKernelsNumbers() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        int dirFd = FileCalls.open(dir.toString(), FileCalls.O_PATH | FileCalls.O_DIRECTORY, 0);
        try {
            assertThat(errnoOf(() -> FileCalls.mkdirat(dirFd, "file", 0755, "file"))).isEqualTo(Errno.EEXIST);
            assertThat(errnoOf(() -> FileCalls.openat(dirFd, "file", FileCalls.O_PATH | FileCalls.O_DIRECTORY, 0,
                    "file"))).isEqualTo(Errno.ENOTDIR);
            Files.createSymbolicLink(dir.resolve("link"), file);
            assertThat(errnoOf(() -> FileCalls.openat(dirFd, "link", FileCalls.O_RDONLY | FileCalls.O_NOFOLLOW, 0,
                    "link"))).isEqualTo(Errno.ELOOP);
            assertThat(errnoOf(() -> FileCalls.unlinkat(dirFd, "missing", "missing"))).isEqualTo(Errno.ENOENT);
        } finally {
            FileCalls.close(dirFd);
        }
    }

    private interface Call {
        void run() throws IOException;
    }

    private static int errnoOf(Call call) {
        try {
            call.run();
        } catch (ErrnoException e) {
            return e.errno();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the call did not fail");
    }
}
