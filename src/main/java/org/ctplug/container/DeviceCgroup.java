package org.ctplug.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.ctplug.exec.CommandRunner;
import org.ctplug.sys.Errno;
import org.ctplug.sys.ErrnoException;
import org.ctplug.sys.FileCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Allows or denies one device in a running container's device cgroup. Where the v1 devices
 * controller is mounted, the rule is written straight into the devices.allow or devices.deny
 * file of the cgroup the container's init runs in (what lxc-cgroup does, without a fork and exec
 * per plug). On cgroup2 hosts the device controller is an eBPF program that only the container's
 * LXC monitor can amend: the rule goes to it over its command socket, and {@code lxc-cgroup},
 * which asks the monitor the same, is run only when that route fails or is not known.
 */
public final class DeviceCgroup {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceCgroup.class);

    /** /proc/<pid>/cgroup: a line per hierarchy, a dozen or so. */
    private static final int CGROUP_MAX = 1 << 16;

    private final Path proc;
    private final Optional<Path> v1Devices;
    private final Optional<LxcCommandSocket> monitor;
    private final String lxcCgroup;
    private final CommandRunner runner;

    /**
     * @param v1Devices where the v1 devices controller is mounted; empty on a unified host
     * @param monitor the command socket route, where this LXC's protocol is known
     */
    public DeviceCgroup(Optional<Path> v1Devices, Optional<LxcCommandSocket> monitor, String lxcCgroup,
                        CommandRunner runner) {
        this(Path.of("/proc"), v1Devices, monitor, lxcCgroup, runner);
    }

    DeviceCgroup(Path proc, Optional<Path> v1Devices, Optional<LxcCommandSocket> monitor, String lxcCgroup,
                 CommandRunner runner) {
        this.proc = proc;
        this.v1Devices = v1Devices;
        this.monitor = monitor;
        this.lxcCgroup = lxcCgroup;
        this.runner = runner;
    }

    /**
     * Grants {@code rule}, its end awaited later: on the monitor route it is sent now, and its
     * answer is read by {@link Pending#answer()} once the node is ready, before it is moved into the
     * container (the monitor rebuilds and loads the container's BPF program meanwhile, while the
     * node is made); empty when it was done at once, as it is anywhere else. The node must not
     * appear before the answer: a program in the container that opens it at once would be refused.
     */
    public Optional<Pending> beginAllow(String container, int initPid, CgroupRule rule) throws IOException {
        return begin(container, initPid, "devices.allow", rule);
    }

    /**
     * Takes a grant back (minors are reused, so the next device plugged in can get the number a
     * container was given for the one just gone), its end awaited later: on the monitor route it
     * is sent now and its answer read by {@link Pending#finish()} (the monitor rebuilds and loads
     * the container's BPF program meanwhile, about as long as removing the node takes); empty
     * when it was done at once, as it is anywhere else.
     */
    public Optional<Pending> beginDeny(String container, int initPid, CgroupRule rule) throws IOException {
        return begin(container, initPid, "devices.deny", rule);
    }

    /** A rule sent to a container's LXC monitor, its answer not yet read. */
    public final class Pending {
        private final String container;
        private final String file;
        private final CgroupRule rule;
        private final LxcCommandSocket.Sent sent;

        private Pending(String container, String file, CgroupRule rule, LxcCommandSocket.Sent sent) {
            this.container = container;
            this.file = file;
            this.rule = rule;
            this.sent = sent;
        }

        /**
         * Reads the monitor's answer (call it once): returns once the rule is in force, fails when
         * the monitor did not take it. Forks nothing, so it may run in a container's namespace.
         */
        public void answer() throws IOException {
            sent.answer();
        }

        /** Reads the answer, and where the monitor did not take the rule, {@link #fallBack}s. */
        public void finish() throws IOException {
            try {
                answer();
            } catch (IOException e) {
                fallBack(e);
            }
        }

        /** The monitor did not take the rule ({@code why}): lxc-cgroup asks it again, its own way. */
        public void fallBack(IOException why) throws IOException {
            DeviceCgroup.this.fallBack(container, file, rule, why);
        }
    }

    /** The one choice of route: v1's file, else the monitor's socket (answer left to read), else lxc-cgroup. */
    private Optional<Pending> begin(String container, int initPid, String file, CgroupRule rule) throws IOException {
        Optional<Path> v1 = v1Devices.isPresent() ? v1File(v1Devices.get(), initPid, file) : Optional.empty();
        if (v1.isPresent() && writeIfPresent(v1.get(), rule.toString())) {
            return Optional.empty();
        }
        if (v1Devices.isEmpty() && monitor.isPresent()) {
            LxcCommandSocket.Sent sent;
            try {
                sent = monitor.get().send(container, rule, file.equals("devices.allow"));
            } catch (IOException e) {
                fallBack(container, file, rule, e);
                return Optional.empty();
            }
            return Optional.of(new Pending(container, file, rule, sent));
        }
        runner.runChecked(List.of(lxcCgroup, "-n", container, file, rule.toString()));
        return Optional.empty();
    }

    /** The command socket route failed: lxc-cgroup asks the monitor the same, its own way. */
    private void fallBack(String container, String file, CgroupRule rule, IOException why) throws IOException {
        LOG.warn("container {}: {} {} through the LXC command socket failed ({}); running {}", container, file, rule,
                why.getMessage(), lxcCgroup);
        runner.runChecked(List.of(lxcCgroup, "-n", container, file, rule.toString()));
    }

    /**
     * {@code N:devices:/lxc.payload.NAME} in /proc/<pid>/cgroup names init's devices cgroup; the
     * file there is not looked for first (the write finds out).
     */
    private Optional<Path> v1File(Path v1Devices, int initPid, String name) throws IOException {
        Optional<byte[]> read = FileCalls.readIfPresent(proc + "/" + initPid + "/cgroup", CGROUP_MAX);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        for (String line : new String(read.get(), StandardCharsets.UTF_8).split("\n")) {
            String[] parts = line.split(":", 3);
            if (parts.length == 3 && List.of(parts[1].split(",")).contains("devices") && parts[2].startsWith("/")) {
                Path dir = v1Devices.resolve(containerCgroup(parts[2].substring(1))).normalize();
                // never the host's own cgroup: a container always sits below the root
                if (dir.startsWith(v1Devices) && !dir.equals(v1Devices)) {
                    return Optional.of(dir.resolve(name));
                }
            }
        }
        return Optional.empty();
    }

    /** Writes the rule in one write(2), as the kernel takes it; false when the file is not there. */
    private static boolean writeIfPresent(Path file, String rule) throws IOException {
        int fd;
        try {
            fd = FileCalls.open(file.toString(), FileCalls.O_WRONLY | FileCalls.O_TRUNC, 0);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT) {
                return false;
            }
            throw e;
        }
        try {
            FileCalls.write(fd, rule.getBytes(StandardCharsets.US_ASCII), file.toString());
            return true;
        } finally {
            FileCalls.close(fd);
        }
    }

    /**
     * The container's own cgroup above its init's: a systemd init sits in {@code init.scope}
     * below it, and a v1 deny only reaches downwards, so a rule written at the init's level would
     * leave the container's other services (system.slice) their access. LXC names it
     * {@code lxc.payload.NAME}; Proxmox {@code lxc/ID} (with the payload in {@code ns} below).
     * The innermost such level counts, for a container nested in another.
     */
    static String containerCgroup(String relative) {
        String[] parts = relative.split("/");
        int end = -1;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].startsWith("lxc.payload.")) {
                end = i;
            } else if (parts[i].equals("lxc") && i + 1 < parts.length) {
                end = i + 1;
            }
        }
        return end < 0 ? relative : String.join("/", java.util.Arrays.copyOfRange(parts, 0, end + 1));
    }

    /**
     * The rules the container's device cgroup holds now, from {@code devices.list} next to the
     * allow file (v1). Empty where they cannot be read: on cgroup2 the device controller is an
     * eBPF program that LXC attaches and nothing reads back, and a container whose init is gone
     * has no cgroup to read.
     */
    public Optional<List<String>> liveRules(int initPid) throws IOException {
        if (v1Devices.isEmpty()) {
            return Optional.empty();
        }
        Optional<Path> file = v1File(v1Devices.get(), initPid, "devices.list");
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllLines(file.get()));
        } catch (java.nio.file.NoSuchFileException gone) {
            return Optional.empty();
        }
    }
}
