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
}
