package org.ctplug.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.ctplug.container.ContainerStatus;
import org.ctplug.container.RunState;
import org.ctplug.device.SysfsScanner;
import org.ctplug.plan.ContainerView;
import org.ctplug.plan.PlanInput;
import org.ctplug.plan.RestartHold;
import org.ctplug.plan.SeenLinks;
import org.ctplug.plan.SeenNode;
import org.ctplug.state.AppliedState;
import org.ctplug.testing.PlanFixture;
import org.junit.jupiter.api.Test;

/** {@code status} from an observation: what is a fault, what is only reported. */
class StatusReportTest extends PlanFixture {
    static final String KEY = "lxc.cgroup.devices.allow";
    static final String PATH = "/dev/ttyZigbee";
    static final String BY_ID = "/dev/serial/by-id/usb-Texas_Instruments_CC2531_0001-if00";
    static final String CONFIGURED = "lxc.uts.name = ha\n" + KEY + " = c 166:0 rwm\n"
            + "lxc.mount.entry = /dev/ttyZigbee dev/ttyZigbee none bind,optional,create=file\n";
    static final SeenNode RIGHT = new SeenNode.Node('c', 166, 0, 0660, 0, 20);
    static final StatusReport.LiveRules ALLOWS_166 = (id, pid) -> Optional.of(List.of("c 1:3 rwm", "c 166:0 rwm"));
    static final StatusReport.LiveRules ALLOWS_NOTHING = (id, pid) -> Optional.of(List.of("c 1:3 rwm"));


    PlanInput input(RunState run, String config, SeenNode seen) throws Exception {
        return input("hotplug", run, config, seen);
    }

    PlanInput input(String onPlug, RunState run, String config, SeenNode seen) throws Exception {
        var mapping = zigbee(onPlug, "[{id: ha, gid: 20}]");
        ContainerStatus status = new ContainerStatus("ha", run,
                run == RunState.RUNNING ? OptionalInt.of(PID) : OptionalInt.empty());
        Map<String, SeenNode> nodes = run == RunState.RUNNING ? Map.of(PATH, seen) : Map.of();
        return new PlanInput(mapping, new SysfsScanner(root).scan(), backend, KEY, root.resolve("rules"), "",
                AppliedState.EMPTY, Map.of("ha", new ContainerView(status, Optional.of(config), nodes)), RestartHold.NONE,
                root.resolve("store"), Map.of());
    }

    static StatusReport build(PlanInput in, StatusReport.LiveRules live) throws IOException {
        return StatusReport.build(in, Optional.empty(), false, live, Optional.empty());
    }

    static StatusReport.Fed only(StatusReport r) {
        return r.entries().get(0).containers().get(0);
    }

    @Test
    void aRunningContainerWithItsNodeAndRulesIsRight() throws Exception {
        sysfs.cdcAcm();

        StatusReport r = build(input(RunState.RUNNING, CONFIGURED, RIGHT), ALLOWS_166);

        assertThat(r.ok()).isTrue();
        assertThat(r.entries().get(0).device()).hasValueSatisfying(d -> assertThat(d.devname()).isEqualTo("ttyACM0"));
        assertThat(only(r).node()).isEqualTo(StatusReport.Node.RIGHT);
        assertThat(only(r).ruleInConfig()).isTrue();
        assertThat(only(r).ruleLive()).contains(true);
    }

    @Test
    void aMissingNodeInARunningContainerIsAFault() throws Exception {
        sysfs.cdcAcm();

        StatusReport r = build(input(RunState.RUNNING, CONFIGURED, new SeenNode.Absent()), ALLOWS_166);

        assertThat(r.ok()).isFalse();
        assertThat(only(r).node()).isEqualTo(StatusReport.Node.MISSING);
        assertThat(only(r).problems()).singleElement().asString().contains("no node at /dev/ttyZigbee");
    }

    @Test
    void aNodeWithTheWrongNumberOrASymlinkIsAFault() throws Exception {
        sysfs.cdcAcm();

        assertThat(only(build(input(RunState.RUNNING, CONFIGURED, new SeenNode.Node('c', 166, 1, 0660, 0, 20)),
                ALLOWS_166)).node()).isEqualTo(StatusReport.Node.WRONG);
        assertThat(build(input(RunState.RUNNING, CONFIGURED, new SeenNode.Other("a symlink")), ALLOWS_166).ok())
                .isFalse();
    }

    @Test
    void aMissingRuleInTheConfigOrTheLiveCgroupIsAFault() throws Exception {
        sysfs.cdcAcm();

        StatusReport noConfigRule = build(input(RunState.RUNNING, "lxc.uts.name = ha\n", RIGHT), ALLOWS_166);
        StatusReport noLiveRule = build(input(RunState.RUNNING, CONFIGURED, RIGHT), ALLOWS_NOTHING);

        assertThat(noConfigRule.ok()).isFalse();
        assertThat(only(noConfigRule).ruleInConfig()).isFalse();
        assertThat(noLiveRule.ok()).isFalse();
        assertThat(only(noLiveRule).ruleLive()).contains(false);
    }

    @Test
    void onCgroup2TheLiveRuleIsNotReadAndSaysWhy() throws Exception {
        sysfs.cdcAcm();

        StatusReport r = StatusReport.build(input(RunState.RUNNING, CONFIGURED, RIGHT), Optional.empty(), false,
                (id, pid) -> {
                    throw new AssertionError("nothing to read on cgroup2");
                }, Optional.of("cgroup2: cannot be read"));

        assertThat(r.ok()).isTrue();
        assertThat(only(r).ruleLive()).isEmpty();
        assertThat(only(r).ruleLiveNote()).contains("cgroup2: cannot be read");
    }

    @Test
    void anAbsentDeviceIsNoFault() throws Exception {
        StatusReport r = build(input(RunState.RUNNING, CONFIGURED, new SeenNode.Absent()), ALLOWS_NOTHING);

        assertThat(r.ok()).isTrue();
        assertThat(r.entries().get(0).device()).isEmpty();
        assertThat(only(r).node()).isEqualTo(StatusReport.Node.NONE);
    }

    @Test
    void aNodeLeftForAnAbsentDeviceIsAFault() throws Exception {
        StatusReport r = build(input(RunState.RUNNING, CONFIGURED, RIGHT), ALLOWS_NOTHING);

        assertThat(r.ok()).isFalse();
        assertThat(only(r).node()).isEqualTo(StatusReport.Node.UNEXPECTED);
    }

    @Test
    void aStoppedContainerIsNoFaultAndItsNodeIsNotChecked() throws Exception {
        sysfs.cdcAcm();

        StatusReport r = build(input(RunState.STOPPED, "lxc.uts.name = ha\n", null), ALLOWS_NOTHING);

        assertThat(r.ok()).isTrue();
        assertThat(only(r).running()).isFalse();
        assertThat(only(r).node()).isEqualTo(StatusReport.Node.NOT_CHECKED);
        assertThat(only(r).ruleInConfig()).isFalse();
    }

    @Test
    void theDaemonsLastActionIsShownAndItsRateLimitOnlyWhileItRuns() throws Exception {
        sysfs.cdcAcm();
        Instant at = Instant.parse("2026-01-02T03:04:05Z");
        Published p = new Published(77, at, 3, Map.of("ha", new Published.LastAction("restart container ha (x)", at,
                Optional.empty())), Map.of("ha", at.plusSeconds(30)));
        PlanInput in = input(RunState.RUNNING, CONFIGURED, RIGHT);

        StatusReport live = StatusReport.build(in, Optional.of(p), true, ALLOWS_166, Optional.empty());
        StatusReport gone = StatusReport.build(in, Optional.of(p), false, ALLOWS_166, Optional.empty());

        assertThat(only(live).lastAction()).hasValueSatisfying(a -> assertThat(a.action()).startsWith("restart"));
        assertThat(only(live).restartHeldUntil()).contains(at.plusSeconds(30));
        assertThat(live.daemon().pid()).contains(77L);
        assertThat(only(gone).lastAction()).isPresent();
        assertThat(only(gone).restartHeldUntil()).isEmpty();
        assertThat(gone.daemon().running()).isFalse();
    }

    @Test
    void aLockedContainerSaysWhatHoldsItBack() throws Exception {
        sysfs.cdcAcm();

        StatusReport r = build(input(RunState.STOPPED, "lock: backup\n" + CONFIGURED, null), ALLOWS_166);

        assertThat(only(r).lock()).contains("backup");
    }

    @Test
    void theJsonKeysAreTheDocumentedOnes() throws Exception {
        sysfs.cdcAcm();

        Map<String, Object> doc = StatusRender.json(build(input(RunState.RUNNING, CONFIGURED, RIGHT), ALLOWS_166));

        assertThat(doc).containsOnlyKeys("ok", "daemon", "entries");
        assertThat(keys(doc.get("daemon"))).containsExactly("running", "pid", "lastReconcile");
        Object entry = ((List<?>) doc.get("entries")).get(0);
        assertThat(keys(entry)).containsExactly("entry", "device", "error", "containers");
        assertThat(keys(((List<?>) ((Map<?, ?>) entry).get("containers")).get(0))).containsExactly("id", "path", "state",
                "running", "node", "seen", "links", "ruleInConfig", "ruleLive", "ruleLiveNote", "lastAction",
                "restartHeldUntil", "lock", "problems");
    }

    @Test
    void theTextSaysPerContainerWhatIsWrong() throws Exception {
        sysfs.cdcAcm();

        String text = StatusRender.text(build(input(RunState.RUNNING, CONFIGURED, new SeenNode.Absent()), ALLOWS_166));

        assertThat(text).contains("daemon: not running", "entry zigbee: ttyACM0 (166:0)",
                "container ha (running): /dev/ttyZigbee missing", "rule in config yes, live yes",
                "! no node at /dev/ttyZigbee", "some running container does not have what the mapping wants");
    }

    @Test
    void aRuleTheUserWroteCountsWhenItLetsTheNodeBeReadAndWritten() throws Exception {
        sysfs.cdcAcm();
        String mount = "lxc.mount.entry = /dev/ttyZigbee dev/ttyZigbee none bind,optional,create=file\n";

        assertThat(only(build(input(RunState.RUNNING, KEY + " = c 166:* rwm\n" + mount, RIGHT), ALLOWS_166))
                .ruleInConfig()).isTrue();
        assertThat(only(build(input(RunState.RUNNING, KEY + " = a\n" + mount, RIGHT), ALLOWS_166))
                .ruleInConfig()).isTrue();
        assertThat(only(build(input(RunState.RUNNING, KEY + " = c 166:0 rw\n" + mount, RIGHT), ALLOWS_166))
                .ruleInConfig()).isTrue();
        assertThat(only(build(input(RunState.RUNNING, KEY + " = c 166:0 m\n" + mount, RIGHT), ALLOWS_166))
                .ruleInConfig()).isFalse();
        assertThat(only(build(input(RunState.RUNNING, KEY + " = c 166:1 rwm\n" + mount, RIGHT), ALLOWS_166))
                .ruleInConfig()).isFalse();
    }

    PlanInput withLinks(SeenLinks links) throws Exception {
        PlanInput in = input(RunState.RUNNING, CONFIGURED, RIGHT);
        ContainerView view = in.containers().get("ha");
        return new PlanInput(in.mapping(), in.devices(), backend, KEY, in.rulesFile(), "", in.state(),
                Map.of("ha", new ContainerView(view.status(), view.config(), view.nodes(), links)), RestartHold.NONE,
                in.nodeStore(), Map.of());
    }

    @Test
    void theLinksToTheNodeAreThoseSeenInsideAndAMissingOneIsAFault() throws Exception {
        sysfs.cdcAcm();
        sysfs.udev("ttyACM0", BY_ID);
        SeenLinks there = new SeenLinks.Listed(Map.of("/dev/serial", new SeenLinks.Entry.Directory(),
                "/dev/serial/by-id", new SeenLinks.Entry.Directory(), BY_ID, new SeenLinks.Entry.Link("../../ttyZigbee"),
                "/dev/serial/by-id/elsewhere", new SeenLinks.Entry.Link("../../ttyOther")));

        StatusReport r = build(withLinks(there), ALLOWS_166);
        assertThat(r.ok()).isTrue();
        assertThat(only(r).links()).containsExactly(BY_ID);
        assertThat(StatusRender.text(r)).contains("    link " + BY_ID + " -> ../../ttyZigbee\n");

        StatusReport missing = build(withLinks(SeenLinks.NONE), ALLOWS_166);
        assertThat(missing.ok()).isFalse();
        assertThat(only(missing).links()).isEmpty();
        assertThat(only(missing).problems()).containsExactly("no link " + BY_ID + " -> ../../ttyZigbee");
    }

    @Test
    void aLinkLeftForAnAbsentDeviceIsAFault() throws Exception {
        SeenLinks there = new SeenLinks.Listed(Map.of(BY_ID, new SeenLinks.Entry.Link("../../ttyZigbee")));

        StatusReport r = build(withLinks(there), ALLOWS_166);

        assertThat(only(r).links()).containsExactly(BY_ID);
        assertThat(only(r).problems()).contains("the link " + BY_ID + " is still there, but not wanted");
    }

    static List<String> keys(Object map) {
        return ((Map<?, ?>) map).keySet().stream().map(String::valueOf).toList();
    }

    /** Only hotplug entries change live: what a reconcile leaves as it is, status does not call a fault. */
    @Test
    void entriesThatWaitForTheNextStartAreNoFaultLive() throws Exception {
        sysfs.cdcAcm();
        assertThat(build(input("none", RunState.RUNNING, CONFIGURED, new SeenNode.Absent()), ALLOWS_166).ok())
                .as("on_plug none, device present, no node yet").isTrue();
        sysfs.unplug("ttyACM0");
        assertThat(build(input("restart", RunState.RUNNING, CONFIGURED, RIGHT), ALLOWS_166).ok())
                .as("on_plug restart, device gone, the config's bind still there").isTrue();
        assertThat(build(input("hotplug", RunState.RUNNING, CONFIGURED, RIGHT), ALLOWS_166).ok())
                .as("hotplug, device gone, node left").isFalse();
    }

    /** Every kind: a zram block node at the kernel's path, its b rule in the config and live. */
    @Test
    void aBlockNodeAtTheKernelsPathIsRightWithItsBlockRule() throws Exception {
        sysfs.zram(1, 252);
        var mapping = org.ctplug.mapping.MappingLoader.parse("""
                version: 1
                backend: lxc
                devices:
                  swap:
                    match: {subsystem: block, kernel: zram1}
                    containers: [ha]
                """, root.resolve("devices.yaml"), org.ctplug.mapping.BackendKind.LXC);
        ContainerStatus status = new ContainerStatus("ha", RunState.RUNNING, OptionalInt.of(PID));
        String config = "lxc.uts.name = ha\n" + KEY + " = b 252:1 rwm\n";
        PlanInput in = new PlanInput(mapping, new SysfsScanner(root).scan(), backend, KEY, root.resolve("rules"), "",
                AppliedState.EMPTY, Map.of("ha", new ContainerView(status, Optional.of(config),
                Map.of("/dev/zram1", new SeenNode.Node('b', 252, 1, 0660, 0, 0)))), RestartHold.NONE, root.resolve("store"),
                Map.of());

        StatusReport r = build(in, (id, pid) -> Optional.of(List.of("b 252:1 rwm")));

        assertThat(r.ok()).isTrue();
        assertThat(only(r).path()).isEqualTo("/dev/zram1");
        assertThat(only(r).node()).isEqualTo(StatusReport.Node.RIGHT);
        assertThat(only(r).ruleInConfig()).isTrue();
        assertThat(only(r).ruleLive()).contains(true);

        // a character node of that number is not it, and a c rule grants nothing of it
        StatusReport wrong = build(new PlanInput(mapping, new SysfsScanner(root).scan(), backend, KEY,
                root.resolve("rules"), "", AppliedState.EMPTY, Map.of("ha", new ContainerView(status,
                Optional.of("lxc.uts.name = ha\n" + KEY + " = c 252:1 rwm\n"),
                Map.of("/dev/zram1", new SeenNode.Node('c', 252, 1, 0660, 0, 0)))), RestartHold.NONE, root.resolve("store"),
                Map.of()), (id, pid) -> Optional.of(List.of("c 252:1 rwm")));
        assertThat(only(wrong).node()).isEqualTo(StatusReport.Node.WRONG);
        assertThat(only(wrong).problems()).anySatisfy(p -> assertThat(p).contains("allows no b 252:1"));
    }
}
