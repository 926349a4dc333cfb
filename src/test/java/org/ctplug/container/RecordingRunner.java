package org.ctplug.container;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ctplug.exec.CommandRunner;

/** Records every command and answers from canned results keyed by the tool path; default: exit 0. */
final class RecordingRunner implements CommandRunner {
    final List<List<String>> commands = new ArrayList<>();
    private final Map<String, Result> answers = new HashMap<>();

    RecordingRunner answer(String tool, int exitCode, String stdout, String stderr) {
        answers.put(tool, new Result(exitCode, stdout, stderr));
        return this;
    }

    @Override
    public Result run(List<String> argv) {
        commands.add(List.copyOf(argv));
        return answers.getOrDefault(argv.get(0), new Result(0, "", ""));
    }
}
