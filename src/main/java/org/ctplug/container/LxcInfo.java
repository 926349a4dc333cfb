package org.ctplug.container;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

import org.ctplug.exec.CommandRunner;

/**
 * Runs {@code lxc-info -s -p -H} and reads its output. LXC 5.0 prints {@code State: RUNNING} and
 * {@code PID: 1234} even with {@code -H} (which only turns off humanized sizes); bare values are
 * accepted too.
 */
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
            int colon = line.indexOf(':');
            String label = colon < 0 ? "" : line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = colon < 0 ? line : line.substring(colon + 1).strip();
            if (value.isEmpty()) {
                continue;
            }
            if (label.equals("pid") || label.isEmpty() && value.chars().allMatch(Character::isDigit)) {
                pid = parsePid(value);
            } else if (label.equals("state") || label.isEmpty()) {
                state = stateOf(value);
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
