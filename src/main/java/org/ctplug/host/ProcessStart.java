package org.ctplug.host;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.ctplug.sys.FileCalls;

/**
 * When a process started, in clock ticks since boot: field 22 of /proc/<pid>/stat (proc(5)).
 * PIDs are reused, the start times of one PID are not, so a PID and its start time name one
 * process for good.
 */
public final class ProcessStart {
    /** More than a stat line holds: 52 numbers and a command name of at most 64 bytes. */
    private static final int STAT_MAX = 4096;

    private ProcessStart() {
    }

    /** Empty when the process is gone. */
    public static OptionalLong of(Path proc, int pid) throws IOException {
        // one open and read: the init's start is checked on every pass and every live step
        Optional<byte[]> stat = FileCalls.readIfPresent(proc + "/" + pid + "/stat", STAT_MAX);
        return stat.isEmpty() ? OptionalLong.empty()
                : parse(new String(stat.get(), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Counted after the command name, which may hold spaces and ')'. */
    static OptionalLong parse(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0 || close + 2 > stat.length()) {
            return OptionalLong.empty();
        }
        String[] fields = stat.substring(close + 2).split(" ");
        if (fields.length <= 19) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(fields[19]));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
