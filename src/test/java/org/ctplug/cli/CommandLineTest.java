package org.ctplug.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.ctplug.testing.FakeHost;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What the command line says: help for every command, a missing mapping named as such, diffs as the files hold them. */
class CommandLineTest {
    @TempDir
    Path root;
    FakeHost host;

    @BeforeEach
    void setUp() throws IOException {
        host = new FakeHost(root);
    }

    @Test
    void everyCommandTakesHelp() {
        Set<String> commands = new CommandLine(new Main()).getSubcommands().keySet();
        assertThat(commands).contains("list", "check", "apply", "daemon", "learn", "release");

        for (String command : commands) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();

            int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), command, "--help");

            assertThat(exit).as(command).isZero();
            assertThat(out.toString()).as(command).contains("Usage: ctplug " + command + " ");
            assertThat(err.toString()).as(command).isEmpty();
        }
    }

    @Test
    void aMissingMappingIsSaidToBeMissing() {
        Path file = root.resolve("etc/ctplug/devices.yaml");
        for (List<String> argv : List.of(List.of("check"), List.of("apply"), List.of("apply", "--dry-run"))) {
            FakeHost.Run run = host.ctplug(argv.toArray(String[]::new));

            assertThat(run.exit()).as(argv.toString()).isEqualTo(Main.BAD_INPUT);
            assertThat(run.err()).as(argv.toString())
                    .isEqualTo("ctplug: the mapping " + file + " is missing: write one (see ctplug(8)), or name "
                            + "another with --config\n");
        }
    }

    @Test
    void dryRunShowsEachAddedLineAsTheFileWillHoldIt() throws IOException {
        host.sysfs.builtinTtyS0();
        Path config = host.lxcConfig("ha", "lxc.uts.name = ha\n");
        host.containerState("ha", "STOPPED");
        host.mapping("version: 1\nbackend: lxc\n%TOOLS%\ndevices:\n  serial:\n    match: {kernel: ttyS0}\n"
                + "    link: ttySerial\n    containers: [ha]\n");
        Path rules = root.resolve("etc/udev/rules.d/70-ctplug.rules");

        String dryRun = host.ctplug("apply", "--dry-run").out();
        assertThat(host.ctplug("apply").exit()).isZero();

        assertThat(Files.readString(rules)).contains("\"");
        assertThat(added(dryRun, rules)).containsExactlyElementsOf(Files.readAllLines(rules));
        assertThat(added(dryRun, config)).containsExactlyElementsOf(Files.readAllLines(config).subList(1, 3));
    }

    @Test
    void dryRunEscapesWhatATerminalWouldActOnAndNothingElse() throws IOException {
        host.sysfs.builtinTtyS0();
        String original = "# \u001b[2Jcleared \"quoted\" back\\slash\ttab\rcr \u202eevil\nlxc.uts.name = ha\n";
        Path config = host.lxcConfig("ha", original);
        host.containerState("ha", "STOPPED");
        host.mapping("version: 1\nbackend: lxc\n%TOOLS%\ndevices:\n  serial:\n    match: {kernel: ttyS0}\n"
                + "    link: ttySerial\n    containers: [ha]\n");

        String dryRun = host.ctplug("apply", "--dry-run").out();

        assertThat(dryRun).contains(" # \\x1b[2Jcleared \"quoted\" back\\slash\ttab\\rcr \\u202eevil\n")
                .doesNotContain("\u001b", "\r", "\u202e");
        assertThat(Files.readString(config, StandardCharsets.UTF_8)).isEqualTo(original);
    }

    /** The lines a dry run's diff of {@code file} adds, without their "+". */
    private static List<String> added(String dryRun, Path file) {
        List<String> out = new ArrayList<>();
        boolean inFile = false;
        for (String line : dryRun.split("\n")) {
            if (line.startsWith("+++ ")) {
                inFile = line.equals("+++ " + file);
            } else if (line.startsWith("* ")) {
                inFile = false;
            } else if (inFile && line.startsWith("+")) {
                out.add(line.substring(1));
            }
        }
        return out;
    }
}
