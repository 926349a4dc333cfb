package org.ctplug.container;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

import org.ctplug.exec.CommandRunner;

/** Runs {@code lxc-info -s -p -H} and reads its output: the state word, then the PID when running. */
final class LxcInfo {
    private LxcInfo() {}

    static ContainerStatus status(CommandRunner runner, String lxcInfo, List<String> lxcpathArgs, String id)
            throws IOException {
        List<String> argv = new ArrayList<>(List.of(lxcInfo, "-n", id));
        argv.addAll(lxcpathArgs);
        argv.addAll(List.of("-s", "-p", "-H"));
        CommandRunner.Result result = runner.run(argv);
        if (!result.ok()) {
            // lxc-info exits 1 with "<name> doesn't exist" for a container it does not know
            boolean unknown = result.stderr().contains("doesn't exist") || result.stdout().contains("doesn't exist");
            return new ContainerStatus(id, unknown ? RunState.STOPPED : RunState.UNKNOWN, OptionalInt.empty());
        }
        return parse(id, result.stdout());
    }

    static ContainerStatus parse(String id, String output) {
        RunState state = RunState.UNKNOWN;
        OptionalInt pid = OptionalInt.empty();
        for (String raw : output.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.chars().allMatch(Character::isDigit)) {
                pid = parsePid(line);
            } else {
                state = stateOf(line);
            }
        }
        if (state != RunState.RUNNING && state != RunState.FROZEN) {
            pid = OptionalInt.empty();
        }
        return new ContainerStatus(id, state, pid);
    }

    private static OptionalInt parsePid(String digits) {
        try {
            int pid = Integer.parseInt(digits);
            return pid > 0 ? OptionalInt.of(pid) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static RunState stateOf(String word) {
        return switch (word.toUpperCase(Locale.ROOT)) {
            case "RUNNING" -> RunState.RUNNING;
            case "STOPPED" -> RunState.STOPPED;
            case "FROZEN" -> RunState.FROZEN;
            default -> RunState.UNKNOWN;
        };
    }
}
