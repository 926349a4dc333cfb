package org.ctplug.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ctplug.exec.CommandRunner;
import org.ctplug.exec.ToolPaths;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCacheTest {
    @TempDir
    Path root;
    Path proc;
    List<List<String>> calls = new ArrayList<>();
    String answer = "State: RUNNING\nPID: 4242\n";
    StatusCache cache;

    @BeforeEach
    void setUp() throws IOException {
        proc = root.resolve("proc");
        CommandRunner lxcInfo = argv -> {
            calls.add(argv);
            return new CommandRunner.Result(0, answer, "");
        };
        cache = new StatusCache(new LxcBackend(root, ToolPaths.DEFAULT, lxcInfo), proc);
        init(4242, "1000");
    }

    void init(int pid, String startTime) throws IOException {
        Files.createDirectories(proc.resolve(String.valueOf(pid)));
        // the command name may hold spaces and parentheses: fields count from the last ')'
        Files.writeString(proc.resolve(pid + "/stat"), pid + " (init (x) y) S 1 1 1 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 "
                + startTime + " 1000 100 18446744073709551615\n");
    }

    @Test
    void aRunningContainerIsAskedOnceWhileItsInitLives() throws IOException {
        assertThat(cache.status("ha").initPid()).hasValue(4242);
        assertThat(cache.status("ha").initPid()).hasValue(4242);
        assertThat(calls).hasSize(1);
    }

    @Test
    void aReusedPidWithAnotherStartTimeIsNotTrusted() throws IOException {
        cache.status("ha");
        init(4242, "2000");
        cache.status("ha");
        assertThat(calls).hasSize(2);
    }

    @Test
    void aDeadInitIsAskedAgain() throws IOException {
        cache.status("ha");
        Files.delete(proc.resolve("4242/stat"));
        answer = "State: STOPPED\n";
        assertThat(cache.status("ha").state()).isEqualTo(RunState.STOPPED);
        assertThat(cache.status("ha").state()).isEqualTo(RunState.STOPPED);
        assertThat(calls).hasSize(3);
    }
}
