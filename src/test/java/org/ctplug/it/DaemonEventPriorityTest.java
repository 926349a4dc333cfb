package org.ctplug.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ctplug.daemon.EventPriority;
import org.ctplug.testing.HostTest;
import org.ctplug.testing.Shell;
import org.junit.jupiter.api.Test;

/**
 * The thread that handles device events runs SCHED_FIFO (priority 1 by default, root with
 * CAP_SYS_NICE here), and nothing it starts does; where it may not, the daemon says so and runs all
 * the same; --event-priority 0 asks for none.
 */
class DaemonEventPriorityTest extends HostTest {
    /** sched(7) policies as /proc/<pid>/task/<tid>/stat reports them (field 41). */
    private static final int SCHED_OTHER = 0;
    private static final int SCHED_FIFO = 1;

    /** Root without CAP_SYS_NICE and with an RLIMIT_RTPRIO of 0: SCHED_FIFO is not allowed. */
    private static final List<String> WITHOUT_SYS_NICE =
            List.of("prlimit", "--rtprio=0", "setpriv", "--bounding-set", "-sys_nice", "--");

    private Path mapping() throws Exception {
        Path file = dir.resolve("devices.yaml");
        Files.writeString(file, "version: 1\nbackend: lxc\ndevices:\n  serial-test:\n    match: {kernel: tty5}\n"
                + "    link: ttyCtplugPriority\n    containers: [ctplug-no-such-container]\n");
        return file;
    }

    /** One thread of the daemon: its name, policy and realtime priority. */
    private record Task(String tid, String name, int policy, int priority) {
    }

    private List<Task> tasks() throws Exception {
        List<Task> tasks = new ArrayList<>();
        try (var entries = Files.list(Path.of("/proc", String.valueOf(daemon.process.pid()), "task"))) {
            for (Path task : entries.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (java.nio.file.NoSuchFileException ended) {
                    continue;
                }
                // the name is in parentheses and may hold spaces; the fields after it start at 3
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                tasks.add(new Task(task.getFileName().toString(), name, Integer.parseInt(f[41 - 3]),
                        Integer.parseInt(f[40 - 3])));
            }
        }
        return tasks;
    }

    /** The mapping was valid: the daemon's first reconcile wrote the rules file. */
    private void reconciling() throws Exception {
        await().atMost(Duration.ofSeconds(15)).until(() -> daemon.logText().contains("70-ctplug.rules"));
        assertThat(daemon.logText()).doesNotContain("no valid mapping");
    }

    @Test
    void theEventThreadAloneRunsAtFifoOneAndTheThreadsItStartsDoNot() throws Exception {
        startDaemon("tty5", List.of(), Map.of(), mapping(), "--event-priority", "1");
        reconciling();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> daemon.logText().contains("device events are handled at SCHED_FIFO priority 1"));
        // its first reconcile ran udevadm, with the JDK's thread that waits for the processes it runs
        await().atMost(Duration.ofSeconds(15)).until(() -> tasks().stream().anyMatch(t -> t.name.equals("process reaper")));

        // raised while the loop waits for events, lowered for a pass's writes: looked at in one
        // snapshot while it waits
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            List<Task> tasks = tasks();
            Task loop = assertThat(tasks).filteredOn(t -> t.policy == SCHED_FIFO).singleElement().actual();
            assertThat(loop.priority).isEqualTo(1);
            // what it starts, threads and programs, begins at normal scheduling
            assertThat(Shell.run("chrt", "-p", loop.tid).stdout())
                    .contains("SCHED_FIFO|SCHED_RESET_ON_FORK").contains("priority: 1");
            assertThat(tasks).filteredOn(t -> t.name.equals("process reaper"))
                    .allSatisfy(t -> assertThat(t.policy).isEqualTo(SCHED_OTHER));
        });
    }

    @Test
    void withoutCapSysNiceItWarnsAndTheDaemonRunsOn() throws Exception {
        startDaemon("tty5", WITHOUT_SYS_NICE, Map.of(), mapping(), "--event-priority", "1");
        reconciling();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> daemon.logText().contains("device events are handled at normal scheduling"));

        assertThat(daemon.logText()).contains("device events are handled at normal scheduling: sched_setscheduler");
        assertThat(tasks()).allSatisfy(t -> assertThat(t.policy).isEqualTo(SCHED_OTHER));
        assertThat(daemon.process.isAlive()).isTrue();
    }

    /** The policy of the calling thread, from /proc/thread-self/stat. */
    private static int ownPolicy() throws Exception {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[41 - 3]);
    }

    @Test
    void theThreadIsRaisedToWaitAndLoweredForTheBookkeepingAsOftenAsAsked() throws Exception {
        List<Integer> seen = new ArrayList<>();
        Thread t = new Thread(() -> {
            try {
                EventPriority p = new EventPriority(1);
                p.raise();
                seen.add(ownPolicy());
                p.raise();
                seen.add(ownPolicy());
                p.lower();
                seen.add(ownPolicy());
                p.lower();
                seen.add(ownPolicy());
                p.raise();
                seen.add(ownPolicy());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        t.join();

        assertThat(seen).containsExactly(SCHED_FIFO, SCHED_FIFO, SCHED_OTHER, SCHED_OTHER, SCHED_FIFO);
    }

    @Test
    void byDefaultTheEventThreadRunsAtFifoOne() throws Exception {
        startDaemon("tty5", List.of(), Map.of(), mapping());
        reconciling();

        await().atMost(Duration.ofSeconds(15))
                .until(() -> daemon.logText().contains("device events are handled at SCHED_FIFO priority 1"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(tasks())
                .filteredOn(t -> t.policy == SCHED_FIFO).singleElement().extracting(Task::priority).isEqualTo(1));
    }

    @Test
    void priorityZeroKeepsEveryThreadAtNormalScheduling() throws Exception {
        startDaemon("tty5", List.of(), Map.of(), mapping(), "--event-priority", "0");
        reconciling();
        await().atMost(Duration.ofSeconds(15)).until(() -> tasks().stream().anyMatch(t -> t.name.equals("process reaper")));

        assertThat(daemon.logText()).doesNotContain("device events are handled at");
        assertThat(tasks()).allSatisfy(t -> assertThat(t.policy).isEqualTo(SCHED_OTHER));
    }
}
