package org.ctplug.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** The real host's ctplug files, which host tests create and must remove again. */
public final class HostFiles {
    public static final Path RULES = Path.of("/etc/udev/rules.d/70-ctplug.rules");
    public static final Path STATE_DIR = Path.of("/var/lib/ctplug");

    private HostFiles() {}

    /** Removes ctplug's rules, state and published status; udev puts ttyS0 and the consoles back as they were. */
    public static void clean() throws IOException {
        Files.deleteIfExists(RULES);
        Files.deleteIfExists(STATE_DIR.resolve("state.json"));
        // what a daemon of an earlier test published: status would show its last actions
        Files.deleteIfExists(Path.of("/run/ctplug/status.json"));
        Shell.run("udevadm", "control", "--reload");
        Shell.run("udevadm", "trigger", "--action=add", "--settle", "/sys/class/tty/ttyS0", "/sys/class/tty/tty5",
                "/sys/class/tty/tty6");
    }

    /** A stand-in that logs its argv to {@code log} and then runs the real tool. */
    public static Path recordingWrapper(Path dir, String realTool, Path log) throws IOException {
        Path script = dir.resolve(Path.of(realTool).getFileName() + "-recording");
        Files.writeString(script, "#!/bin/sh\necho \"$0 $*\" >> '" + log + "'\nexec " + realTool + " \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    public static List<String> lines(Path log) throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /** Fails (never skips) when the machine lacks what host tests and benchmarks need. */
    public static void requireHost() {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new AssertionError("host tests and benchmarks must run as root");
        }
        requireUdevd();
    }

    /**
     * Fails unless systemd-udevd answers on its control socket. The socket file alone proves
     * nothing: a udevd that died leaves it behind, and every settle would then wait in vain.
     */
    public static void requireUdevd() {
        Shell.Out ping = Shell.run("udevadm", "control", "--ping", "--timeout=5");
        if (ping.exit() != 0) {
            throw new AssertionError("systemd-udevd does not answer on /run/udev/control (" + ping.stderr().strip()
                    + "): start it as .ci/run does");
        }
    }
}
