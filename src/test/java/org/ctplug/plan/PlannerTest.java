package org.ctplug.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.ctplug.container.CgroupRule;
import org.ctplug.container.ConfigLine;
import org.ctplug.container.ContainerStatus;
import org.ctplug.container.RunState;
import org.ctplug.device.Device;
import org.ctplug.device.SysfsScanner;
import org.ctplug.mapping.BackendKind;
import org.ctplug.mapping.Mapping;
import org.ctplug.mapping.MappingException;
import org.ctplug.mapping.MappingLoader;
import org.ctplug.state.AppliedState;
import org.ctplug.state.ContainerState;
import org.ctplug.state.NodeState;
import org.ctplug.testing.PlanFixture;
import org.junit.jupiter.api.Test;

/** The planner as a pure function: devices, mapping, state and container views in; a plan out. */
class PlannerTest extends PlanFixture {


    Mapping mapping(String onPlug) throws MappingException {
        return zigbee(onPlug, "[ha]");
    }

    Plan plan(Mapping mapping, AppliedState state, String config, RunState run) throws IOException {
        return plan(mapping, state, config, run, Map.of());
    }

    /** {@code seen}: what is really at each path inside the running container. */
    Plan plan(Mapping mapping, AppliedState state, String config, RunState run, Map<String, SeenNode> seen)
            throws IOException {
        List<Device> devices = new SysfsScanner(root).scan();
        ContainerStatus status = new ContainerStatus("ha", run,
                run == RunState.RUNNING ? OptionalInt.of(PID) : OptionalInt.empty());
        return Planner.plan(new PlanInput(mapping, devices, backend, KEY, root.resolve("rules"), "", state,
                Map.of("ha", new ContainerView(status, java.util.Optional.of(config), seen)), RestartHold.NONE,
                root.resolve("store"), Map.of()));
    }

    AppliedState applied(int minor, int pid) {
        ConfigLine cgroup = new ConfigLine(KEY, "c 166:" + minor + " rwm");
        ConfigLine mount = new ConfigLine("lxc.mount.entry",
                "/dev/ttyZigbee dev/ttyZigbee none bind,optional,create=file");
        return new AppliedState(Map.of("ha", new ContainerState("lxc", List.of(cgroup, mount),
                List.of(new NodeState("/dev/ttyZigbee", 166, minor, pid)))), List.of(), Map.of("zigbee", 166));
    }

    static final String CONFIGURED = "lxc.uts.name = ha\n" + KEY + " = c 166:0 rwm\n"
            + "lxc.mount.entry = /dev/ttyZigbee dev/ttyZigbee none bind,optional,create=file\n";

    static CgroupRule acm(int minor) {
        return CgroupRule.exact('c', 166, minor);
    }

    String containerConfigAfter(Plan plan) {
        return plan.actionsOf(Action.WriteFile.class).stream().filter(w -> w.container().isPresent())
                .findFirst().orElseThrow().after();
    }

    @Test
    void aPluggedDeviceIsInjectedIntoARunningContainerWithoutRestart() throws Exception {
        sysfs.cdcAcm();

        Plan plan = plan(mapping("hotplug"), AppliedState.EMPTY, "lxc.uts.name = ha\n", RunState.RUNNING);

        assertThat(plan.actionsOf(Action.InjectNode.class)).singleElement()
                .satisfies(n -> assertThat(n.path()).isEqualTo("/dev/ttyZigbee"));
        assertThat(plan.actionsOf(Action.AllowDevice.class)).containsExactly(new Action.AllowDevice("ha", PID, 0, acm(0)));
        assertThat(plan.actionsOf(Action.RestartContainer.class)).isEmpty();
        assertThat(containerConfigAfter(plan)).contains(KEY + " = c 166:0 rwm\n").doesNotContain("166:*");
    }

    /** A pass with the rules file as the mapping renders it, and what udev handled before loading it. */
    Plan planAfterRules(Mapping mapping, Map<String, java.util.Optional<String>> handledBeforeRules) throws IOException {
        List<Device> devices = new SysfsScanner(root).scan();
        ContainerStatus status = new ContainerStatus("ha", RunState.STOPPED, OptionalInt.empty());
        Map<String, ContainerView> views = Map.of("ha", new ContainerView(status, java.util.Optional.of(CONFIGURED),
                Map.of()));
        Plan first = Planner.plan(new PlanInput(mapping, devices, backend, KEY, root.resolve("rules"), "",
                applied(0, PID), views, RestartHold.NONE, root.resolve("store"), Map.of()));
        String rules = first.actionsOf(Action.WriteFile.class).stream()
                .filter(w -> w.path().equals(root.resolve("rules"))).findFirst().orElseThrow().after();
        return Planner.plan(new PlanInput(mapping, devices, backend, KEY, root.resolve("rules"), rules,
                applied(0, PID), views, RestartHold.NONE, root.resolve("store"), Map.of(), java.util.Optional.empty(),
                handledBeforeRules));
    }

    /**
     * udev handled the stick before it loaded ctplug's rules (it came while they were written):
     * it has no link on the host, or the link of the entry before the mapping changed, so it is
     * replayed; one udev gave its entry's rule as it is now, or handled after the load, is not.
     */
    @Test
    void aDeviceUdevHandledWithoutItsEntrysRuleIsReplayedAndNoOther() throws Exception {
        sysfs.cdcAcm();
        String devpath = new SysfsScanner(root).scan().get(0).devpath();

        Plan stale = planAfterRules(mapping("hotplug"), Map.of(devpath, java.util.Optional.empty()));
        assertThat(stale.actionsOf(Action.TriggerDevices.class)).containsExactly(
                new Action.TriggerDevices(List.of("/sys" + devpath)));
        assertThat(stale.actionsOf(Action.ReloadUdev.class)).isEmpty();

        Plan other = planAfterRules(mapping("hotplug"), Map.of(devpath, java.util.Optional.of("another")));
        assertThat(other.actionsOf(Action.TriggerDevices.class)).as("udev gave it another entry's rule")
                .containsExactly(new Action.TriggerDevices(List.of("/sys" + devpath)));

        String mark = org.ctplug.udev.RulesRenderer.mark(mapping("hotplug").entries().get(0));
        assertThat(mark).isEqualTo("zigbee:ttyZigbee:0660:dialout");
        assertThat(planAfterRules(mapping("hotplug"), Map.of(devpath, java.util.Optional.of(mark))).actions())
                .as("udev gave it its entry's rule").isEmpty();

        // the mapping's link changed while the stick came: udev gave it the entry's rule from before
        Plan old = planAfterRules(mapping("hotplug"), Map.of(devpath, java.util.Optional.of("zigbee:ttyOld:0660:dialout")));
        assertThat(old.actionsOf(Action.TriggerDevices.class)).as("udev gave it the entry's old link")
                .containsExactly(new Action.TriggerDevices(List.of("/sys" + devpath)));
        Plan group = planAfterRules(mapping("hotplug"), Map.of(devpath,
                java.util.Optional.of("zigbee:ttyZigbee:0660:")));
        assertThat(group.actionsOf(Action.TriggerDevices.class)).as("udev gave it no group then")
                .containsExactly(new Action.TriggerDevices(List.of("/sys" + devpath)));
        assertThat(planAfterRules(mapping("hotplug"), Map.of()).actions()).as("handled after the load").isEmpty();
        assertThat(planAfterRules(mapping("hotplug"), Map.of("/devices/virtual/tty/ttyS9", java.util.Optional.empty()))
                .actions()).as("a device no entry binds").isEmpty();
    }

    /**
     * A pass for an event that concerns another container keeps this one's record as it is and
     * plans nothing for it, even though (unseen) its device has gone.
     */
    @Test
    void aContainerOutsideTheEventsScopeKeepsItsRecordAndGetsNoAction() throws Exception {
        AppliedState state = applied(0, PID);
        List<Device> devices = new SysfsScanner(root).scan();
        Plan plan = Planner.plan(new PlanInput(mapping("hotplug"), devices, backend, KEY, root.resolve("rules"), "",
                state, Map.of(), RestartHold.NONE, root.resolve("store"), Map.of(), java.util.Optional.of(Set.of())));

        assertThat(plan.actions()).filteredOn(a -> Executor.containerOf(a).isPresent()).isEmpty();
        assertThat(plan.newState().containers()).isEqualTo(state.containers());

        Plan full = plan(mapping("hotplug"), state, CONFIGURED, RunState.RUNNING,
                Map.of("/dev/ttyZigbee", new SeenNode.Node('c', 166, 0, 0660, 0, 20)));
        assertThat(full.actionsOf(Action.RemoveNode.class)).as("a full pass sees the device gone").isNotEmpty();
    }

    static final String UNPRIVILEGED = "lxc.uts.name = ha\nlxc.idmap = u 0 100000 65536\nlxc.idmap = g 0 100000 65536\n";

    @Test
    void anUnprivilegedContainerGetsItsStoreNodeOnceThroughTheInject() throws Exception {
        sysfs.cdcAcm();

        Plan plan = plan(mapping("hotplug"), AppliedState.EMPTY, UNPRIVILEGED, RunState.RUNNING);

        assertThat(plan.actionsOf(Action.InjectNode.class)).singleElement()
                .satisfies(n -> assertThat(n.path()).isEqualTo("/dev/ttyZigbee"));
        assertThat(plan.actionsOf(Action.StoreNode.class)).isEmpty();
    }

    @Test
    void aStoppedUnprivilegedContainerGetsAStoreNodeForItsNextStart() throws Exception {
        sysfs.cdcAcm();

        Plan plan = plan(mapping("hotplug"), AppliedState.EMPTY, UNPRIVILEGED, RunState.STOPPED);

        assertThat(plan.actionsOf(Action.StoreNode.class)).containsExactly(
                new Action.StoreNode("ha", "/dev/ttyZigbee", 166, 0, 0660, 100000, 100000));
        assertThat(plan.actionsOf(Action.InjectNode.class)).isEmpty();
    }

    /** The Proxmox recipe that passes host gid 20 (dialout) through; /etc/subgid grants root:20:1. */
    static final String SPLIT_GID = "lxc.uts.name = ha\nlxc.idmap = u 0 100000 65536\nlxc.idmap = g 0 100000 20\n"
            + "lxc.idmap = g 20 20 1\nlxc.idmap = g 21 100021 65515\n";

    Mapping dialoutMapping() throws MappingException {
        return MappingLoader.parse("""
                version: 1
                backend: lxc
                devices:
                  zigbee:
                    match: {vendor: "0451", product: "16a8"}
                    link: ttyZigbee
                    containers: [{id: ha, gid: 20}]
                """, root.resolve("devices.yaml"), BackendKind.LXC);
    }

    @Test
    void aSplitIdMapGivesTheNodeTheHostGroupOfTheRangeThatHoldsIt() throws Exception {
        sysfs.cdcAcm();

        Plan plan = plan(dialoutMapping(), AppliedState.EMPTY, SPLIT_GID, RunState.RUNNING);

        assertThat(plan.actionsOf(Action.InjectNode.class)).singleElement().satisfies(n -> {
            assertThat(List.of(n.hostUid(), n.hostGid())).containsExactly(100000L, 20L);
            assertThat(List.of(n.rootUid(), n.rootGid())).containsExactly(100000L, 100000L);
        });
    }

    @Test
    void aSplitIdMapGivesTheStoreNodeOfAStoppedContainerTheSameOwner() throws Exception {
        sysfs.cdcAcm();

        Plan plan = plan(dialoutMapping(), AppliedState.EMPTY, SPLIT_GID, RunState.STOPPED);

        assertThat(plan.actionsOf(Action.StoreNode.class)).containsExactly(
                new Action.StoreNode("ha", "/dev/ttyZigbee", 166, 0, 0660, 100000, 20));
    }

    @Test
    void anOwnerTheMapDoesNotHoldGetsNoNodeAndANoteNamingEntryContainerAndId() throws Exception {
        sysfs.cdcAcm();
        String hole = SPLIT_GID.replace("lxc.idmap = g 20 20 1\n", "");

        Plan plan = plan(dialoutMapping(), AppliedState.EMPTY, hole, RunState.RUNNING);

        assertThat(plan.actionsOf(Action.InjectNode.class)).isEmpty();
        assertThat(plan.actionsOf(Action.StoreNode.class)).isEmpty();
        assertThat(plan.actionsOf(Action.WriteFile.class)).noneMatch(w -> w.container().isPresent());
        assertThat(plan.notes()).containsExactly("entry zigbee: gid 20 (the lxc.idmap g ranges hold 0-19, 21-65535)"
                + " not mapped in container ha; it gets no node (fix uid/gid in the mapping or the container's"
                + " lxc.idmap)");
    }

    @Test
    void replugWithNewMinorReplacesTheNodeTheGrantLineAndTheLiveRule() throws Exception {
        sysfs.cdcAcm("1-1", 1);

        Plan plan = plan(mapping("hotplug"), applied(0, PID), CONFIGURED, RunState.RUNNING);

        assertThat(plan.actionsOf(Action.InjectNode.class)).singleElement()
                .satisfies(n -> assertThat(n.minor()).isEqualTo(1));
        assertThat(containerConfigAfter(plan)).isEqualTo(CONFIGURED.replace("c 166:0 rwm", "c 166:1 rwm"));
        assertThat(plan.actionsOf(Action.DenyDevice.class)).containsExactly(new Action.DenyDevice("ha", PID, 0, acm(0)));
        assertThat(plan.actionsOf(Action.AllowDevice.class)).containsExactly(new Action.AllowDevice("ha", PID, 0, acm(1)));
        assertThat(plan.actions().indexOf(plan.actionsOf(Action.DenyDevice.class).get(0)))
                .isLessThan(plan.actions().indexOf(plan.actionsOf(Action.AllowDevice.class).get(0)));
    }

    @Test
    void replugWithNewMinorIntoAStoppedContainerReplacesTheGrantLineOnly() throws Exception {
        sysfs.cdcAcm("1-1", 1);

        Plan plan = plan(mapping("hotplug"), applied(0, 0), CONFIGURED, RunState.STOPPED);

        assertThat(containerConfigAfter(plan)).isEqualTo(CONFIGURED.replace("c 166:0 rwm", "c 166:1 rwm"));
        assertThat(plan.actions()).allMatch(a -> a instanceof Action.WriteFile || a instanceof Action.ReloadUdev
                || a instanceof Action.TriggerDevices);
    }

    /** Minors are reused: the next device plugged in may get the number of the one just gone. */
    @Test
    void anUnplugRemovesTheLiveNodeAndTheGrantLiveAndInTheConfig() throws Exception {
        Plan plan = plan(mapping("hotplug"), applied(0, PID), CONFIGURED, RunState.RUNNING,
                Map.of("/dev/ttyZigbee", new SeenNode.Node('c', 166, 0, 0660, 0, 0)));

        assertThat(plan.actionsOf(Action.RemoveNode.class)).containsExactly(
                new Action.RemoveNode("ha", PID, 0, "/dev/ttyZigbee"));
        assertThat(plan.actionsOf(Action.DenyDevice.class)).containsExactly(new Action.DenyDevice("ha", PID, 0, acm(0)));
        assertThat(containerConfigAfter(plan)).isEqualTo(CONFIGURED.replace(KEY + " = c 166:0 rwm\n", ""));
    }

    @Test
    void anUnplugAloneRestartsNothing() throws Exception {
        Plan plan = plan(mapping("restart"), applied(0, 0), CONFIGURED, RunState.RUNNING);

        assertThat(plan.actionsOf(Action.RestartContainer.class)).isEmpty();
        assertThat(plan.actionsOf(Action.DenyDevice.class)).containsExactly(new Action.DenyDevice("ha", PID, 0, acm(0)));
    }

    @Test
    void aReplugWithTheSameNumberIntoARestartContainerGrantsItLiveWithoutARestart() throws Exception {
        sysfs.cdcAcm();
        // the container keeps its node (restart entries get no live removal); only the grant went
        Map<String, SeenNode> seen = Map.of("/dev/ttyZigbee", new SeenNode.Node('c', 166, 0, 0660, 0, 0));
        Plan unplugged = plan(mapping("restart"), applied(0, 0), CONFIGURED, RunState.RUNNING, seen);
        String config = CONFIGURED.replace(KEY + " = c 166:0 rwm\n", "");

        Plan plan = plan(mapping("restart"), unplugged.newState(), config, RunState.RUNNING, seen);

        assertThat(plan.actionsOf(Action.RestartContainer.class)).isEmpty();
        assertThat(plan.actionsOf(Action.AllowDevice.class)).containsExactly(new Action.AllowDevice("ha", PID, 0, acm(0)));
        assertThat(containerConfigAfter(plan)).contains(KEY + " = c 166:0 rwm");
    }

    @Test
    void aGrantStillGivenByALineTheUserWroteIsNotDenied() throws Exception {
        String config = CONFIGURED + KEY + " = c 166:* rwm\n";

        Plan plan = plan(mapping("hotplug"), applied(0, PID), config, RunState.RUNNING);

        assertThat(plan.actionsOf(Action.DenyDevice.class)).isEmpty();
        assertThat(containerConfigAfter(plan)).contains(KEY + " = c 166:* rwm\n").doesNotContain("166:0");
    }

    @Test
    void twoDevicesOfOneMajorInOneContainerGetTwoLines() throws Exception {
        sysfs.cdcAcm("1-1", 0);
        sysfs.cdcAcm("1-2", 1);
        Mapping two = MappingLoader.parse("""
                version: 1
                backend: lxc
                defaults: {on_plug: none}
                devices:
                  zigbee:
                    match: {vendor: "0451", product: "16a8", port: "1-1"}
                    link: ttyZigbee
                    containers: [ha]
                  zwave:
                    match: {vendor: "0451", product: "16a8", port: "1-2"}
                    link: ttyZwave
                    containers: [ha]
                """, root.resolve("devices.yaml"), BackendKind.LXC);

        Plan plan = plan(two, AppliedState.EMPTY, "lxc.uts.name = ha\n", RunState.STOPPED);

        assertThat(containerConfigAfter(plan).lines().filter(l -> l.startsWith(KEY)))
                .containsExactlyInAnyOrder(KEY + " = c 166:0 rwm", KEY + " = c 166:1 rwm");
    }

    /** The state and config an older release wrote: its whole-major line, recorded as its own. */
    @Test
    void aWholeMajorLineOfAnOlderReleaseIsReplacedAndDeniedLiveAndTheExactGrantAllowed() throws Exception {
        sysfs.cdcAcm();
        AppliedState old = new AppliedState(Map.of("ha", new ContainerState("lxc", List.of(
                new ConfigLine(KEY, "c 166:* rwm"), new ConfigLine("lxc.mount.entry",
                        "/dev/ttyZigbee dev/ttyZigbee none bind,optional,create=file")),
                List.of(new NodeState("/dev/ttyZigbee", 166, 0, PID)))), List.of(), Map.of("zigbee", 166));
        String config = CONFIGURED.replace("c 166:0 rwm", "c 166:* rwm");

        Plan plan = plan(mapping("restart"), old, config, RunState.RUNNING,
                Map.of("/dev/ttyZigbee", new SeenNode.Node('c', 166, 0, 0660, 0, 0)));

        assertThat(containerConfigAfter(plan)).isEqualTo(CONFIGURED);
        assertThat(plan.actionsOf(Action.DenyDevice.class)).containsExactly(
                new Action.DenyDevice("ha", PID, 0, CgroupRule.parse("c 166:* rwm").orElseThrow()));
        assertThat(plan.actionsOf(Action.AllowDevice.class)).containsExactly(new Action.AllowDevice("ha", PID, 0, acm(0)));
        assertThat(plan.actionsOf(Action.RestartContainer.class)).isEmpty();
        assertThat(plan.newState().containers().get("ha").addedLines()).contains(new ConfigLine(KEY, "c 166:0 rwm"))
                .doesNotContain(new ConfigLine(KEY, "c 166:* rwm"));
    }

    @Test
    void aDeviceNewToARunningContainerRestartsItOnce() throws Exception {
        sysfs.cdcAcm();

        Plan plan = plan(mapping("restart"), AppliedState.EMPTY, "lxc.uts.name = ha\n", RunState.RUNNING);

        assertThat(plan.actionsOf(Action.RestartContainer.class)).hasSize(1);
        assertThat(plan.actions().get(plan.actions().size() - 1)).isInstanceOf(Action.RestartContainer.class);
    }

    private Plan restartPlan(RestartHold hold) throws Exception {
        sysfs.cdcAcm();
        List<Device> devices = new SysfsScanner(root).scan();
        return Planner.plan(new PlanInput(mapping("restart"), devices, backend, KEY, root.resolve("rules"), "",
                AppliedState.EMPTY, Map.of("ha", new ContainerView(new ContainerStatus("ha", RunState.RUNNING,
                        OptionalInt.of(PID)), java.util.Optional.of("lxc.uts.name = ha\n"))), hold,
                root.resolve("store"), Map.of()));
    }

    @Test
    void aRestartHeldBackByTheRateLimitAsksForARetry() throws Exception {
        Plan plan = restartPlan(RestartHold.limited(Set.of("ha")));

        assertThat(plan.actionsOf(Action.RestartContainer.class)).isEmpty();
        assertThat(plan.retry()).isTrue();
        assertThat(plan.notes()).anyMatch(n -> n.contains("rate limit"));
    }

    @Test
    void aRestartWaitsQuietlyWhileDeviceEventsStillArrive() throws Exception {
        Plan plan = restartPlan(new RestartHold(Set.of(), true));

        assertThat(plan.actionsOf(Action.RestartContainer.class)).isEmpty();
        assertThat(plan.retry()).isTrue();
        assertThat(plan.notes()).noneMatch(n -> n.contains("restart"));
        assertThat(plan.actionsOf(Action.WriteFile.class)).as("the config is made right at once")
                .anyMatch(w -> w.container().isPresent());
    }

    @Test
    void aStoppedContainerGetsItsConfigAndNoLiveAction() throws Exception {
        sysfs.cdcAcm();

        Plan plan = plan(mapping("hotplug"), AppliedState.EMPTY, "lxc.uts.name = ha\n", RunState.STOPPED);

        assertThat(plan.actions()).allMatch(a -> a instanceof Action.WriteFile || a instanceof Action.ReloadUdev
                || a instanceof Action.TriggerDevices);
    }

    @Test
    void nothingNewMeansAnEmptyPlanAndAnUnchangedState() throws Exception {
        sysfs.cdcAcm();
        Plan first = plan(mapping("hotplug"), AppliedState.EMPTY, "lxc.uts.name = ha\n", RunState.RUNNING);
        String config = first.actionsOf(Action.WriteFile.class).stream().filter(w -> w.container().isPresent())
                .findFirst().orElseThrow().after();
        String rules = first.actionsOf(Action.WriteFile.class).stream().filter(w -> w.container().isEmpty())
                .findFirst().orElseThrow().after();

        List<Device> devices = new SysfsScanner(root).scan();
        Plan second = Planner.plan(new PlanInput(mapping("hotplug"), devices, backend, KEY, root.resolve("rules"),
                rules, first.newState(), Map.of("ha", new ContainerView(new ContainerStatus("ha", RunState.RUNNING,
                        OptionalInt.of(PID)), java.util.Optional.of(config),
                        Map.of("/dev/ttyZigbee", new SeenNode.Node('c', 166, 0, 0660, 0, 0)))), RestartHold.NONE,
                root.resolve("store"), Map.of()));

        assertThat(second.actions()).isEmpty();
        assertThat(second.stateChanged()).isFalse();
    }

    @Test
    void aContainerLeftStoppedMidRestartIsStartedAfterItsConfigIsWritten() throws Exception {
        AppliedState midRestart = AppliedState.EMPTY.withRestarting(Set.of("ha"));

        Plan plan = plan(mapping("restart"), midRestart, "lxc.uts.name = ha\n", RunState.STOPPED);

        assertThat(plan.actions()).last().isEqualTo(new Action.StartContainer("ha"));
        assertThat(plan.actions()).hasAtLeastOneElementOfType(Action.WriteFile.class);
        assertThat(plan.newState().restarting()).as("recorded until it is seen running").containsExactly("ha");
    }

    @Test
    void aContainerMidRestartThatRunsAgainIsNoLongerRecordedAndNotStarted() throws Exception {
        AppliedState midRestart = AppliedState.EMPTY.withRestarting(Set.of("ha"));

        Plan plan = plan(mapping("restart"), midRestart, "lxc.uts.name = ha\n", RunState.RUNNING);

        assertThat(plan.actionsOf(Action.StartContainer.class)).isEmpty();
        assertThat(plan.newState().restarting()).isEmpty();
    }
}
