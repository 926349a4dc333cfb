package org.ctplug.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    /** starttime is field 22; the first after the command name is field 3 (state). */
    private static final int START_FIELD = 22 - 3;

    private ProcessStart() {
    }

    /** Empty when the process is gone. */
    public static OptionalLong of(Path proc, int pid) throws IOException {
        // one open and read: the init's start is checked on every pass and every live step
        Optional<byte[]> stat = FileCalls.readIfPresent(proc + "/" + pid + "/stat", STAT_MAX);
        return stat.isEmpty() ? OptionalLong.empty() : parse(stat.get(), stat.get().length);
    }

    static OptionalLong parse(String stat) {
        byte[] bytes = stat.getBytes(StandardCharsets.UTF_8);
        return parse(bytes, bytes.length);
    }

    /**
     * Counted after the command name, which may hold spaces and ')': the fields after its last
     * ')' (the state letter, then numbers) are one space apart, and the start time is the 20th. Read in place,
     * without a String per field.
     */
    static OptionalLong parse(byte[] stat, int length) {
        int close = length - 1;
        while (close >= 0 && stat[close] != ')') {
            close--;
        }
        int at = close + 2;
        if (close < 0 || at > length) {
            return OptionalLong.empty();
        }
        for (int field = 0; field < START_FIELD; field++) {
            while (at < length && stat[at] != ' ') {
                at++;
            }
            if (at >= length) {
                return OptionalLong.empty();
            }
            at++;
        }
        long value = 0;
        int digits = 0;
        for (; at < length && stat[at] != ' ' && stat[at] != '\n'; at++, digits++) {
            int d = stat[at] - '0';
            if (d < 0 || d > 9 || value > (Long.MAX_VALUE - d) / 10) {
                return OptionalLong.empty();
            }
            value = value * 10 + d;
        }
        return digits == 0 ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
