package org.ctplug.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The daemon's own reading of its plain options, and what it leaves to picocli. */
class DaemonPlainOptionsTest {

    @Test
    void plainOptionsAreReadInBothSpellings() {
        DaemonCommand d = DaemonCommand.plain("daemon", "--root", "/srv/host", "--config=/etc/other.yaml",
                "--netlink-group", "3", "--receive-buffer=65536", "--event-priority", "0").orElseThrow();

        assertThat(d.options.root).isEqualTo(Path.of("/srv/host"));
        assertThat(d.options.configFile()).isEqualTo(Path.of("/etc/other.yaml"));
        assertThat(d.group).isEqualTo(3);
        assertThat(d.receiveBuffer).isEqualTo(65536);
        assertThat(d.eventPriority).isZero();
    }

    @Test
    void withoutOptionsTheDefaultsHold() {
        DaemonCommand d = DaemonCommand.plain("daemon").orElseThrow();

        assertThat(d.options.configFile()).isEqualTo(Path.of("/etc/ctplug/devices.yaml"));
        assertThat(d.group).isNull();
        assertThat(d.receiveBuffer).isEqualTo(8 << 20);
        assertThat(d.eventPriority).isEqualTo(1);
    }

    @Test
    void helpATypoABadNumberOrAMissingValueGoToPicocli() {
        assertThat(DaemonCommand.plain("daemon", "--help")).isEmpty();
        assertThat(DaemonCommand.plain("daemon", "--confg", "/x")).isEmpty();
        assertThat(DaemonCommand.plain("daemon", "--receive-buffer", "lots")).isEmpty();
        assertThat(DaemonCommand.plain("daemon", "--root")).isEmpty();
        assertThat(DaemonCommand.plain("list")).isEqualTo(Optional.empty());
    }

    /** Runs {@code ctplug daemon ARGS}, its errors into {@code err}. */
    private static int daemon(java.io.StringWriter err, String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "daemon";
        System.arraycopy(args, 0, argv, 1, args.length);
        return Main.run(new java.io.PrintWriter(new java.io.StringWriter(), true), new java.io.PrintWriter(err, true),
                argv);
    }

    @Test
    void aBadNumberIsPicocliSErrorWithTheUsage() {
        java.io.StringWriter err = new java.io.StringWriter();
        int code = daemon(err, "--receive-buffer", "lots");

        assertThat(code).isEqualTo(Main.BAD_INPUT);
        assertThat(err.toString()).contains("ctplug: ").contains("--receive-buffer");
    }

    @Test
    void anEventPriorityOutOfRangeIsRefusedBeforeAnythingStarts() {
        java.io.StringWriter err = new java.io.StringWriter();
        int code = daemon(err, "--event-priority", "100");

        assertThat(code).isEqualTo(Main.BAD_INPUT);
        assertThat(err.toString()).contains("--event-priority must be 0 to 99, not 100");
    }
}
