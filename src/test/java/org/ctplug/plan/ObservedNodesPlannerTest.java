package org.ctplug.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.ctplug.container.ConfigLine;
import org.ctplug.container.ContainerStatus;
import org.ctplug.container.RunState;
import org.ctplug.mapping.Mapping;
import org.ctplug.mapping.MappingException;
import org.ctplug.device.SysfsScanner;
import org.ctplug.state.AppliedState;
import org.ctplug.state.ContainerState;
import org.ctplug.state.NodeState;
import org.ctplug.testing.PlanFixture;
import org.junit.jupiter.api.Test;

/** A running container is planned from what is seen inside it, never from what the state file recorded. */
class ObservedNodesPlannerTest extends PlanFixture {
    static final String PATH = "/dev/ttyZigbee";
    static final String BARE = "lxc.uts.name = ha\n";
    static final String UNPRIVILEGED = BARE + "lxc.idmap = u 0 100000 65536\nlxc.idmap = g 0 100000 65536\n";


    Mapping mapping(String onPlug) throws MappingException {
        return zigbee(onPlug, "[{id: ha, gid: 20}]");
    }

    Plan plan(Mapping mapping, AppliedState state, String config, SeenNode seen) throws IOException {
        ContainerView view = new ContainerView(new ContainerStatus("ha", RunState.RUNNING, OptionalInt.of(PID)),
                java.util.Optional.of(config), Map.of(PATH, seen));
        return Planner.plan(new PlanInput(mapping, new SysfsScanner(root).scan(), backend, KEY, root.resolve("rules"),
                "", state, Map.of("ha", view), RestartHold.NONE, root.resolve("store"), Map.of()));
    }

    /** What a release before this one recorded for a container started from its config: "it has the node". */
    static AppliedState recordedAsGivenByConfig() {
        return new AppliedState(Map.of("ha", new ContainerState("lxc",
                List.of(new ConfigLine(KEY, "c 166:* rwm")), List.of(new NodeState(PATH, 166, 0, 0)))),
                List.of(), Map.of("zigbee", 166));
    }

    static SeenNode node(int minor, long uid, long gid) {
        return new SeenNode.Node('c', 166, minor, 0660, uid, gid);
    }

    @Test
    void aRestoredContainerWhoseStateClaimsTheNodeGetsItLiveWhenItIsMissing() throws Exception {
        sysfs.cdcAcm();

        Plan plan = plan(mapping("hotplug"), recordedAsGivenByConfig(), BARE, new SeenNode.Absent());

        // the rule's form is the grant's business: here only that the running container gets one
        assertThat(plan.actionsOf(Action.AllowDevice.class)).singleElement().satisfies(a -> {
            assertThat(a.container()).isEqualTo("ha");
            assertThat(a.initPid()).isEqualTo(PID);
        });
        assertThat(plan.actionsOf(Action.InjectNode.class)).singleElement()
                .satisfies(n -> assertThat(n.path()).isEqualTo(PATH));
        assertThat(plan.actionsOf(Action.WriteFile.class)).anyMatch(w -> w.container().isPresent());
    }

    @Test
    void aNodeThatIsRightInsideNeedsNoActionWhateverTheStateSays() throws Exception {
        sysfs.cdcAcm();
        // the config as ctplug writes it, whatever form its lines take
        Plan first = plan(mapping("hotplug"), AppliedState.EMPTY, BARE, node(0, 0, 20));
        String config = first.actionsOf(Action.WriteFile.class).stream().filter(w -> w.container().isPresent())
                .findFirst().orElseThrow().after();

        Plan plan = plan(mapping("hotplug"), first.newState(), config, node(0, 0, 20));

        // the rules file is not part of this test: only the container's actions count
        assertThat(plan.actions()).allMatch(a -> a instanceof Action.WriteFile w && w.container().isEmpty()
                || a instanceof Action.ReloadUdev || a instanceof Action.TriggerDevices);
        assertThat(plan.stateChanged()).isFalse();
    }

    @Test
    void aNodeWithAnotherNumberOrOwnerIsReplaced() throws Exception {
        sysfs.cdcAcm();

        assertThat(plan(mapping("hotplug"), AppliedState.EMPTY, BARE, node(1, 0, 20))
                .actionsOf(Action.InjectNode.class)).hasSize(1);
        assertThat(plan(mapping("hotplug"), AppliedState.EMPTY, BARE, node(0, 0, 0))
                .actionsOf(Action.InjectNode.class)).hasSize(1);
    }

    @Test
    void anUnprivilegedContainersNodeMustHaveTheMappedHostOwner() throws Exception {
        sysfs.cdcAcm();

        assertThat(plan(mapping("hotplug"), AppliedState.EMPTY, UNPRIVILEGED, node(0, 0, 20))
                .actionsOf(Action.InjectNode.class)).hasSize(1);
        assertThat(plan(mapping("hotplug"), AppliedState.EMPTY, UNPRIVILEGED, node(0, 100000, 100020))
                .actionsOf(Action.InjectNode.class)).isEmpty();
    }

    @Test
    void aSymlinkOrFilePlantedAtThePathIsReplacedByTheNode() throws Exception {
        sysfs.cdcAcm();

        assertThat(plan(mapping("hotplug"), AppliedState.EMPTY, BARE, new SeenNode.Other("a symlink"))
                .actionsOf(Action.InjectNode.class)).hasSize(1);
        assertThat(plan(mapping("hotplug"), AppliedState.EMPTY, BARE, new SeenNode.Other("a regular file"))
                .actionsOf(Action.InjectNode.class)).hasSize(1);
    }

    @Test
    void aNodeLeftInsideForAnAbsentDeviceIsRemovedEvenWhenNeverRecorded() throws Exception {
        Plan plan = plan(mapping("hotplug"), AppliedState.EMPTY, BARE, node(0, 0, 20));

        assertThat(plan.actionsOf(Action.RemoveNode.class)).containsExactly(new Action.RemoveNode("ha", PID, 0, PATH));
    }

    @Test
    void aRecordedNodeThatIsGoneNeedsNoRemoval() throws Exception {
        Plan plan = plan(mapping("hotplug"), recordedAsGivenByConfig(), BARE + KEY + " = c 166:* rwm\n",
                new SeenNode.Absent());

        assertThat(plan.actionsOf(Action.RemoveNode.class)).isEmpty();
    }

    @Test
    void aRestartEntryWhoseNodeCameFromTheConfigWithTheHostsOwnerIsNotRestartedAgain() throws Exception {
        sysfs.cdcAcm();
        String config = BARE + KEY + " = c 166:* rwm\n"
                + "lxc.mount.entry = /dev/ttyZigbee dev/ttyZigbee none bind,optional,create=file\n";

        Plan plan = plan(mapping("restart"), AppliedState.EMPTY, config, node(0, 0, 20 + 1));

        assertThat(plan.actionsOf(Action.RestartContainer.class)).isEmpty();
    }

    @Test
    void aRestartEntryWhoseNodeIsMissingInsideRestartsTheContainer() throws Exception {
        sysfs.cdcAcm();
        String config = BARE + KEY + " = c 166:* rwm\n"
                + "lxc.mount.entry = /dev/ttyZigbee dev/ttyZigbee none bind,optional,create=file\n";

        Plan plan = plan(mapping("restart"), recordedAsGivenByConfig(), config, new SeenNode.Absent());

        assertThat(plan.actionsOf(Action.RestartContainer.class)).hasSize(1);
    }

    @Test
    void aContainerThatCannotBeLookedIntoIsNotRestartedOnAGuess() throws Exception {
        sysfs.cdcAcm();
        String config = BARE + KEY + " = c 166:* rwm\n"
                + "lxc.mount.entry = /dev/ttyZigbee dev/ttyZigbee none bind,optional,create=file\n";

        Plan plan = plan(mapping("restart"), recordedAsGivenByConfig(), config, new SeenNode.Unknown("gone"));

        assertThat(plan.actionsOf(Action.RestartContainer.class)).isEmpty();
    }
}
