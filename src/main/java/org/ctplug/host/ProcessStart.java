package org.ctplug.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * When a process started, in clock ticks since boot: field 22 of /proc/<pid>/stat (proc(5)).
 * PIDs are reused, the start times of one PID are not, so a PID and its start time name one
 * process for good.
 */
public final class ProcessStart {
    private ProcessStart() {
    }

    /** Empty when the process is gone. */
    public static OptionalLong of(Path proc, int pid) throws IOException {
        String stat;
        try {
            stat = Files.readString(proc.resolve(String.valueOf(pid)).resolve("stat"));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
        return parse(stat);
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
