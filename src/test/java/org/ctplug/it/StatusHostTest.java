package org.ctplug.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ctplug.cli.Main;
import org.ctplug.testing.HostTest;
import org.ctplug.testing.Tty;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code ctplug status} against a real running container: it sees a node deleted inside, which
 * no state file knows of, and sees it right again after the next reconcile.
 */
class StatusHostTest extends HostTest {
    static final Duration WAIT = Duration.ofSeconds(15);
    static final String NODE = "/dev/ttyZigbee";

    record Status(int exit, Map<String, Object> doc) {
        @SuppressWarnings("unchecked")
        Map<String, Object> container() {
            var entries = (List<Map<String, Object>>) doc.get("entries");
            return ((List<Map<String, Object>>) entries.get(0).get("containers")).get(0);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> daemon() {
            return (Map<String, Object>) doc.get("daemon");
        }
    }

    Path mapping() throws Exception {
        return ttyMapping("ttyS0", "ttyCtplugStatus", ct.name, NODE, "20");
    }

    static Status status(Path mapping) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out), new PrintWriter(err), "status", "--json", "--config",
                mapping.toString());
        assertThat(err.toString()).isEmpty();
        return new Status(exit, new Yaml().load(out.toString()));
    }

    /** The node is a bind mount inside: it goes with umount, then rm, as a user inside would do it. */
    void deleteNodeInside() {
        ct.attach("sh", "-c", "umount " + NODE + "; rm -f " + NODE).ok();
        assertThat(ct.attach("test", "-e", NODE).exit()).isNotZero();
    }

    @Test
    void aNodeDeletedInsideIsReportedMissingWithExit3UntilTheNextApply() throws Exception {
        runningContainer("ctplug-status", false);
        Path mapping = mapping();
        assertThat(Main.run("apply", "--config", mapping.toString())).isEqualTo(Main.OK);
        Status right = status(mapping);
        assertThat(right.exit()).isZero();
        assertThat(right.container()).containsEntry("node", "right").containsEntry("ruleInConfig", true)
                .containsEntry("running", true);
        assertThat(right.container().get("ruleLive")).isEqualTo(layout.name.equals("v1") ? Boolean.TRUE : null);

        deleteNodeInside();
        Status missing = status(mapping);

        assertThat(missing.exit()).isEqualTo(3);
        assertThat(missing.doc()).containsEntry("ok", false);
        assertThat(missing.container()).containsEntry("node", "missing");
        assertThat(missing.daemon()).containsEntry("running", false);

        assertThat(Main.run("apply", "--config", mapping.toString())).isEqualTo(Main.OK);
        Status again = status(mapping);
        assertThat(again.exit()).isZero();
        assertThat(again.container()).containsEntry("node", "right");
    }

    @Test
    void withTheDaemonRunningItShowsItsPidAndLastActionAndIsRightAfterItsNextReconcile() throws Exception {
        runningContainer("ctplug-status-d", false);
        Path mapping = mapping();
        startDaemon(null, List.of(), Map.of(), mapping);
        await().atMost(WAIT).until(() -> ct.open(NODE).equals("ok"));
        await().atMost(WAIT).until(() -> status(mapping).exit() == 0);

        deleteNodeInside();
        assertThat(status(mapping).exit()).isEqualTo(3);

        // any event makes the daemon reconcile, and it looks at what the container has
        Tty.event("ttyS0", "change");
        await().atMost(WAIT).until(() -> status(mapping).exit() == 0);
        Status s = status(mapping);
        assertThat(s.daemon()).containsEntry("running", true)
                .containsEntry("pid", (int) daemon.process.pid());
        assertThat(s.daemon().get("lastReconcile")).isNotNull();
        assertThat(s.container().get("lastAction")).asString().contains("put node " + NODE);
    }
}
