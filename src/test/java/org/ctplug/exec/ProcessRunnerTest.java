package org.ctplug.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class ProcessRunnerTest {
    private final ProcessRunner runner = new ProcessRunner();

    @Test
    void capturesExitCodeStdoutAndStderr() throws IOException {
        CommandRunner.Result result = runner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"));

        assertThat(result).isEqualTo(new CommandRunner.Result(3, "out\n", "err\n"));
        assertThat(result.ok()).isFalse();
    }

    @Test
    void stdinIsEmpty() throws IOException {
        assertThat(runner.run(List.of("cat")).stdout()).isEmpty();
    }

    @Test
    void missingProgramIsAnErrorNamingTheCommand() {
        assertThatThrownBy(() -> runner.run(List.of("/nonexistent/ctplug-tool", "reboot", "105")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot start '/nonexistent/ctplug-tool reboot 105'");
    }

    @Test
    void commandThatHangsIsStoppedAtTheTimeout() {
        ProcessRunner impatient = new ProcessRunner(Duration.ofMillis(300));

        assertThatThrownBy(() -> impatient.run(List.of("sleep", "10")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("'sleep 10' did not finish");
    }

    /** lxc-start daemonizes; its monitor must not keep ctplug waiting for output. */
    @Test
    void daemonThatKeepsOutputOpenDoesNotBlock() throws IOException {
        CommandRunner.Result result = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> runner.run(List.of("sh", "-c", "sleep 30 & echo $!")));
        try {
            assertThat(result.exitCode()).isZero();
        } finally {
            ProcessHandle.of(Long.parseLong(result.stdout().strip())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** The daemon's watchdog ping: a slow step inside its bound must not look like a hang. */
    @Test
    void aChildWithinItsDeadlineIsBeatenForEveryInterval() throws IOException {
        java.util.concurrent.atomic.AtomicInteger beats = new java.util.concurrent.atomic.AtomicInteger();
        ProcessRunner beating = new ProcessRunner(Duration.ofSeconds(10), Duration.ofMillis(100),
                beats::incrementAndGet);

        assertThat(beating.run(List.of("sleep", "1")).ok()).isTrue();

        assertThat(beats.get()).isBetween(5, 11);
    }

    /** Past its bound the child is given up, and so is the beat: a hung tool still ends in a watchdog kill. */
    @Test
    void noBeatIsSentOnceTheChildIsPastItsDeadline() {
        java.util.concurrent.atomic.AtomicInteger beats = new java.util.concurrent.atomic.AtomicInteger();
        ProcessRunner beating = new ProcessRunner(Duration.ofMillis(350), Duration.ofMillis(100),
                beats::incrementAndGet);

        assertThatThrownBy(() -> beating.run(List.of("sleep", "10"))).hasMessageContaining("did not finish");

        assertThat(beats.get()).isBetween(1, 3);
    }

    /** A lock wait calls the heartbeat on every retry; the watchdog needs one ping per interval. */
    @Test
    void theHeartbeatOfAWaitBeatsAtMostOncePerInterval() {
        java.util.concurrent.atomic.AtomicInteger beats = new java.util.concurrent.atomic.AtomicInteger();
        Runnable heartbeat = new ProcessRunner(Duration.ofSeconds(1), Duration.ofHours(1), beats::incrementAndGet)
                .heartbeat();

        for (int i = 0; i < 100; i++) {
            heartbeat.run();
        }

        assertThat(beats.get()).isZero();
        new ProcessRunner(Duration.ofSeconds(1), Duration.ofNanos(1), beats::incrementAndGet).heartbeat().run();
        assertThat(beats.get()).isOne();
    }
}
