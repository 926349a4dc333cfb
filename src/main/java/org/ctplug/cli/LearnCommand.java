package org.ctplug.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "learn", description = "Wait for the next tty device to be plugged and add an entry for it.")
final class LearnCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("learn: not built yet");
    }
}
