package org.ctplug.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessStartTest {
    @Test
    void startTimeIsField22CountedAfterTheCommandName() {
        String stat = "4242 (a) b) (c) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 50";

        assertThat(ProcessStart.parse(stat)).hasValue(987654);
    }

    @Test
    void aTruncatedLineHasNoStartTime() {
        assertThat(ProcessStart.parse("4242 (sleep) S 1 2 3")).isEmpty();
        assertThat(ProcessStart.parse("4242 (a) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 ")).isEmpty();
        assertThat(ProcessStart.parse("4242 (a) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 98x7 1")).isEmpty();
        assertThat(ProcessStart.parse("4242 no command name")).isEmpty();
    }

    @Test
    void theLastFieldReadEndsAtTheLineEnd() {
        assertThat(ProcessStart.parse("1 (init) S 0 1 1 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 31\n")).hasValue(31);
    }

    @Test
    void thisProcessStartsWhenItsStatLineSaysAsTheKernelWritesIt() throws java.io.IOException {
        long pid = ProcessHandle.current().pid();
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");

        assertThat(ProcessStart.of(java.nio.file.Path.of("/proc"), (int) pid)).hasValue(Long.parseLong(fields[19]));
    }
}
