package org.ctplug.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ctplug}: exit 0 ok, 1 runtime failure, 2 bad input. */
@Command(name = "ctplug", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Keeps USB serial devices attached to the LXC containers that need them.",
        subcommands = {ListCommand.class, CheckCommand.class, ApplyCommand.class, StatusCommand.class,
                DaemonCommand.class, LearnCommand.class, ReleaseCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        org.ctplug.sys.JnaLibrary.lookInCache();
        System.exit(run(args));
    }

    /** UTF-8 whatever the locale: a service has none, and device strings and configs are not ASCII. */
    public static int run(String... args) {
        return run(utf8(System.out), utf8(System.err), args);
    }

    private static java.io.PrintWriter utf8(java.io.PrintStream stream) {
        return new java.io.PrintWriter(new java.io.OutputStreamWriter(stream, java.nio.charset.StandardCharsets.UTF_8),
                true);
    }

    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        java.util.Optional<DaemonCommand> daemon = DaemonCommand.plain(args);
        if (daemon.isPresent()) {
            // the resident service needs none of picocli's model (its classes, reflection and
            // annotation proxies stay in memory for the daemon's life); anything but its plain
            // options (--help, a typo, a bad number) goes the usual way, with picocli's messages
            try {
                return daemon.get().call();
            } catch (Exception e) {
                err.println("ctplug: " + e.getMessage());
                return FAILED;
            }
        }
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("ctplug: " + ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("ctplug: " + ex.getMessage());
            return FAILED;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"ctplug " + (v == null ? "(development build)" : v)};
        }
    }
}
