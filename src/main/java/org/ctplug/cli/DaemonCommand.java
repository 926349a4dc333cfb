package org.ctplug.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "daemon", description = "Run as the service: watch uevents and the mapping, reconcile on change.")
final class DaemonCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("daemon: not built yet");
    }
}
