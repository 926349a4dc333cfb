package org.ctplug.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.ctplug.container.ContainerStatus;
import org.ctplug.container.RunState;
import org.ctplug.device.SysfsScanner;
import org.ctplug.mapping.Mapping;
import org.ctplug.mapping.MappingException;
import org.ctplug.state.AppliedState;
import org.ctplug.state.ContainerState;
import org.ctplug.state.MadePath;
import org.ctplug.testing.PlanFixture;
import org.junit.jupiter.api.Test;

/**
 * The udev links of a device in the running containers it goes to, planned from what their link
 * directories hold: made, kept, replaced and removed like nodes, and never one ctplug did not make.
 */
class LinksPlannerTest extends PlanFixture {
    static final String NODE = "/dev/ttyACM0";
    static final String BY_ID = "/dev/serial/by-id/usb-Texas_Instruments_CC2531_0001-if00";
    static final String BY_PATH = "/dev/serial/by-path/pci-0000:00:14.0-usb-0:1:1.0";
    static final String OWN = "/dev/ttyZigbee";
    static final String CONFIG = "lxc.uts.name = ha\n";
    static final String UNPRIVILEGED = CONFIG + "lxc.idmap = u 0 100000 65536\nlxc.idmap = g 0 100000 65536\n";

    Mapping mapping(String onPlug, String links) throws MappingException {
        return zigbee(onPlug, "[{id: ha, path: " + NODE + "}]\n    links: " + links);
    }

    /** The stick, plugged, with the links udev gave it on the host. */
    void plugged(String... links) {
        sysfs.cdcAcm();
        sysfs.udev("ttyACM0", links.length > 0 ? links : new String[] {BY_ID, BY_PATH, OWN});
    }

    Plan plan(Mapping mapping, AppliedState state, String config, SeenNode node, SeenLinks links) throws IOException {
        ContainerView view = new ContainerView(new ContainerStatus("ha", RunState.RUNNING, OptionalInt.of(PID)),
                Optional.of(config), Map.of(NODE, node), links);
        return Planner.plan(new PlanInput(mapping, new SysfsScanner(root).scan(), backend, KEY, root.resolve("rules"),
                "", state, Map.of("ha", view), RestartHold.NONE, root.resolve("store"), Map.of()));
    }

    Plan plan(Mapping mapping, AppliedState state, SeenLinks links) throws IOException {
        return plan(mapping, state, CONFIG, new SeenNode.Absent(), links);
    }

    /** The link directories holding these entries (path, then a target, "dir" or "file"). */
    static SeenLinks seen(String... pathAndWhat) {
        Map<String, SeenLinks.Entry> entries = new HashMap<>();
        for (int i = 0; i < pathAndWhat.length; i += 2) {
            String what = pathAndWhat[i + 1];
            entries.put(pathAndWhat[i], what.equals("dir") ? new SeenLinks.Entry.Directory()
                    : what.equals("file") ? new SeenLinks.Entry.Other("a regular file") : new SeenLinks.Entry.Link(what));
        }
        return new SeenLinks.Listed(entries);
    }

    /** What ctplug's links of the stick look like in the container, with the directories it made. */
    static SeenLinks linksThere() {
        return seen("/dev/serial", "dir", "/dev/serial/by-id", "dir", "/dev/serial/by-path", "dir",
                BY_ID, "../../ttyACM0", BY_PATH, "../../ttyACM0", OWN, "ttyACM0");
    }

    static AppliedState recorded(int pid, List<String> links, List<String> dirs) {
        return new AppliedState(Map.of("ha", new ContainerState("lxc", List.of(), List.of(),
                links.stream().map(l -> new MadePath(l, pid)).toList(), dirs.stream().map(d -> new MadePath(d, pid))
                .toList())), List.of(), Map.of());
    }

    static Action.MakeLink make(String path, String target) {
        return new Action.MakeLink("ha", PID, 0, 0, 0, path, target, Optional.empty());
    }

    static Action.RemoveLink remove(String path, String target) {
        return new Action.RemoveLink("ha", PID, 0, 0, 0, path, target);
    }

    @Test
    void aRunningContainerGetsTheStandardLinksAndTheEntrysOwnAsRelativeSymlinksAfterItsNode() throws Exception {
        plugged();

        Plan plan = plan(mapping("hotplug", "udev"), AppliedState.EMPTY, SeenLinks.NONE);

        assertThat(plan.actionsOf(Action.MakeLink.class)).containsExactly(make(BY_ID, "../../ttyACM0"),
                make(BY_PATH, "../../ttyACM0"), make(OWN, "ttyACM0"));
        List<Action> live = plan.actions().stream().filter(a -> a instanceof Action.InjectNode
                || a instanceof Action.MakeLink).toList();
        assertThat(live.get(0)).as("the node comes first").isInstanceOf(Action.InjectNode.class);
        ContainerState state = plan.newState().containers().get("ha");
        assertThat(state.links()).containsExactly(new MadePath(BY_ID, PID), new MadePath(BY_PATH, PID),
                new MadePath(OWN, PID));
        assertThat(state.linkDirs()).containsExactly(new MadePath("/dev/serial", PID),
                new MadePath("/dev/serial/by-id", PID), new MadePath("/dev/serial/by-path", PID));
    }

    @Test
    void linksThatAreThereNeedNothing() throws Exception {
        plugged();
        AppliedState made = recorded(PID, List.of(BY_ID, BY_PATH, OWN),
                List.of("/dev/serial", "/dev/serial/by-id", "/dev/serial/by-path"));

        Plan plan = plan(mapping("hotplug", "udev"), made, linksThere());

        assertThat(plan.actions()).noneMatch(a -> a instanceof Action.MakeLink || a instanceof Action.RemoveLink
                || a instanceof Action.RemoveLinkDirs);
        assertThat(plan.newState().containers().get("ha").links()).hasSize(3);
        assertThat(plan.newState().containers().get("ha").linkDirs()).hasSize(3);
    }

    @Test
    void anUnplugRemovesTheLinksAndThenTheEmptyDirectoriesCtplugMadeInnermostFirst() throws Exception {
        AppliedState made = recorded(PID, List.of(BY_ID, BY_PATH, OWN),
                List.of("/dev/serial", "/dev/serial/by-id", "/dev/serial/by-path"));

        Plan plan = plan(mapping("hotplug", "udev"), made, linksThere());

        assertThat(plan.actionsOf(Action.RemoveLink.class)).containsExactlyInAnyOrder(remove(BY_ID, "../../ttyACM0"),
                remove(BY_PATH, "../../ttyACM0"), remove(OWN, "ttyACM0"));
        assertThat(plan.actionsOf(Action.RemoveLinkDirs.class)).containsExactly(new Action.RemoveLinkDirs("ha", PID,
                0, 0, 0, List.of("/dev/serial/by-id", "/dev/serial/by-path", "/dev/serial")));
        assertThat(plan.actions().get(plan.actions().size() - 1)).isInstanceOf(Action.RemoveLinkDirs.class);
        assertThat(plan.newState().containers()).doesNotContainKey("ha");
    }

    @Test
    void aDirectoryTheContainerMadeOrThatHoldsSomethingElseStays() throws Exception {
        AppliedState made = recorded(PID, List.of(OWN), List.of("/dev/serial/by-id"));
        SeenLinks there = seen("/dev/serial", "dir", "/dev/serial/by-id", "dir", "/dev/serial/by-path", "dir",
                BY_ID, "../../ttyACM0", "/dev/serial/by-id/theirs", "../../ttyOther", BY_PATH, "../../ttyACM0");

        Plan plan = plan(mapping("hotplug", "udev"), made, there);

        assertThat(plan.actionsOf(Action.RemoveLink.class)).hasSize(2);
        assertThat(plan.actionsOf(Action.RemoveLinkDirs.class)).isEmpty();
        assertThat(plan.newState().containers().get("ha").linkDirs()).containsExactly(
                new MadePath("/dev/serial/by-id", PID));
    }

    @Test
    void aLinkInAStandardTreeLeftByACrashIsRemovedThoughNeverRecorded() throws Exception {
        Plan plan = plan(mapping("hotplug", "udev"), AppliedState.EMPTY, seen("/dev/serial", "dir",
                "/dev/serial/by-id", "dir", BY_ID, "../../ttyACM0"));

        assertThat(plan.actionsOf(Action.RemoveLink.class)).containsExactly(remove(BY_ID, "../../ttyACM0"));
        assertThat(plan.actionsOf(Action.RemoveLinkDirs.class)).as("not known to be ctplug's").isEmpty();
    }

    @Test
    void aLinkOutsideTheTreesIsCtplugsOnlyWhenRecordedForThisInstance() throws Exception {
        SeenLinks there = seen(OWN, "ttyACM0");

        assertThat(plan(mapping("hotplug", "udev"), AppliedState.EMPTY, there).actionsOf(Action.RemoveLink.class))
                .as("the container's own").isEmpty();
        assertThat(plan(mapping("hotplug", "udev"), recorded(PID + 1, List.of(OWN), List.of()), there)
                .actionsOf(Action.RemoveLink.class)).as("made in an instance before a restart").isEmpty();
        assertThat(plan(mapping("hotplug", "udev"), recorded(PID, List.of(OWN), List.of()), there)
                .actionsOf(Action.RemoveLink.class)).containsExactly(remove(OWN, "ttyACM0"));
    }

    @Test
    void whatIsRecordedOfAnEarlierInstanceIsForgotten() throws Exception {
        plugged();

        Plan plan = plan(mapping("hotplug", "udev"), recorded(PID + 1, List.of(BY_ID), List.of("/dev/serial")),
                SeenLinks.NONE);

        assertThat(plan.newState().containers().get("ha").links()).allMatch(m -> m.initPid() == PID);
        assertThat(plan.newState().containers().get("ha").linkDirs()).allMatch(m -> m.initPid() == PID);
    }

    @Test
    void aLinkCtplugDidNotMakeIsNeverTouchedAndItsNameIsNotTaken() throws Exception {
        plugged(BY_ID);
        SeenLinks there = seen("/dev/serial", "dir", "/dev/serial/by-id", "dir", BY_ID, "../../ttyOther",
                "/dev/serial/by-id/other", "/dev/ttyACM0");

        Plan plan = plan(mapping("hotplug", "udev"), AppliedState.EMPTY, there);

        assertThat(plan.actions()).noneMatch(a -> a instanceof Action.MakeLink || a instanceof Action.RemoveLink);
        assertThat(plan.notes()).contains("container ha: " + BY_ID + " is a symlink to ../../ttyOther there, which"
                + " ctplug did not make; its link to ../../ttyACM0 is not made");
    }

    @Test
    void aLinkOfCtplugsWithAnotherTargetIsReplaced() throws Exception {
        plugged(BY_ID);
        Mapping two = zigbee("hotplug", "[{id: ha, path: " + NODE + "}]");
        // the same name pointed at another of ctplug's nodes there before (a path the state recorded)
        AppliedState before = new AppliedState(Map.of("ha", new ContainerState("lxc", List.of(),
                List.of(new org.ctplug.state.NodeState("/dev/ttyOld", 166, 0, PID)))), List.of(), Map.of());

        Plan plan = plan(two, before, seen("/dev/serial", "dir", "/dev/serial/by-id", "dir", BY_ID, "../../ttyOld"));

        assertThat(plan.actionsOf(Action.MakeLink.class)).containsExactly(new Action.MakeLink("ha", PID, 0, 0, 0,
                BY_ID, "../../ttyACM0", Optional.of("../../ttyOld")));
    }

    @Test
    void aFileWhereADirectoryIsNeededKeepsTheLinkFromBeingMade() throws Exception {
        plugged(BY_ID);

        Plan plan = plan(mapping("hotplug", "udev"), AppliedState.EMPTY, seen("/dev/serial", "file"));

        assertThat(plan.actionsOf(Action.MakeLink.class)).isEmpty();
        assertThat(plan.notes()).contains("container ha: /dev/serial is a regular file in the container, not a"
                + " directory; the link " + BY_ID + " is not made");
    }

    @Test
    void hostileNamesFromUdevsDatabaseMakeNoLinkAndTheNotesSayWhy() throws Exception {
        String tooLong = "/dev/serial/by-id/" + "x".repeat(256);
        plugged("/dev/../x", "/dev/serial/by-id/usb-\u0001evil", tooLong, "/dev/foo/bar");

        Plan plan = plan(mapping("hotplug", "udev"), AppliedState.EMPTY, SeenLinks.NONE);

        assertThat(plan.actionsOf(Action.MakeLink.class)).isEmpty();
        assertThat(plan.notes()).contains(
                "entry zigbee: udev link \"/dev/../x\" of ttyACM0 is not made in containers: it has a \"..\" component",
                "entry zigbee: udev link \"/dev/serial/by-id/usb-\\x01evil\" of ttyACM0 is not made in containers:"
                        + " it holds U+0001 (only letters, digits and . _ : + @ - are made)")
                .anyMatch(n -> n.endsWith("it has a component of 256 bytes (at most 255)"))
                .anyMatch(n -> n.startsWith("entry zigbee: udev link \"/dev/foo/bar\" of ttyACM0 is not made in"
                        + " containers: it is not a name directly in one of serial/by-id"));
    }

    @Test
    void linksNoneMakesNoLinkAndTakesCtplugsOwnBack() throws Exception {
        plugged();

        assertThat(plan(mapping("hotplug", "none"), AppliedState.EMPTY, SeenLinks.NONE)
                .actionsOf(Action.MakeLink.class)).isEmpty();
        assertThat(plan(mapping("hotplug", "none"), AppliedState.EMPTY, linksThere())
                .actionsOf(Action.RemoveLink.class)).containsExactlyInAnyOrder(remove(BY_ID, "../../ttyACM0"),
                remove(BY_PATH, "../../ttyACM0"));
    }

    @Test
    void aRestartEntrysLinksComeOnceItsNodeIsThere() throws Exception {
        plugged(BY_ID);
        String config = CONFIG + KEY + " = c 166:0 rwm\n"
                + "lxc.mount.entry = /dev/ttyZigbee dev/ttyACM0 none bind,optional,create=file\n";

        assertThat(plan(mapping("restart", "udev"), AppliedState.EMPTY, config, new SeenNode.Absent(),
                SeenLinks.NONE).actionsOf(Action.MakeLink.class)).as("restarted first").isEmpty();
        assertThat(plan(mapping("restart", "udev"), AppliedState.EMPTY, config,
                new SeenNode.Node('c', 166, 0, 0660, 0, 20), SeenLinks.NONE).actionsOf(Action.MakeLink.class))
                .containsExactly(make(BY_ID, "../../ttyACM0"));
    }

    @Test
    void anUnprivilegedContainersLinksAreMadeWithTheHostIdsOfItsRoot() throws Exception {
        plugged(BY_ID);

        Plan plan = plan(mapping("hotplug", "udev"), AppliedState.EMPTY, UNPRIVILEGED, new SeenNode.Absent(),
                SeenLinks.NONE);

        assertThat(plan.actionsOf(Action.MakeLink.class)).containsExactly(new Action.MakeLink("ha", PID, 0, 100000,
                100000, BY_ID, "../../ttyACM0", Optional.empty()));
    }

    @Test
    void linksThatCannotBeLookedAtAreLeftAsRecorded() throws Exception {
        plugged();
        AppliedState made = recorded(PID, List.of(OWN), List.of("/dev/serial"));

        Plan plan = plan(mapping("hotplug", "udev"), made, new SeenLinks.Unknown("gone"));

        assertThat(plan.actions()).noneMatch(a -> a instanceof Action.MakeLink || a instanceof Action.RemoveLink
                || a instanceof Action.RemoveLinkDirs);
        assertThat(plan.newState().containers().get("ha").links()).containsExactly(new MadePath(OWN, PID));
        assertThat(plan.notes()).contains("container ha: its links were not looked at (gone); left as they are");
    }

    @Test
    void aLinkIsNotMadeWhereANodeOfCtplugsIs() throws Exception {
        plugged(BY_ID);
        Mapping mapping = org.ctplug.mapping.MappingLoader.parse("""
                version: 1
                backend: lxc
                devices:
                  zigbee:
                    match: {vendor: "0451", product: "16a8"}
                    link: ttyZigbee
                    containers: [{id: ha, path: /dev/ttyACM0}]
                  other:
                    match: {kernel: ttyS9}
                    link: ttyOther
                    containers: [{id: ha, path: %s}]
                """.formatted(BY_ID), root.resolve("devices.yaml"), org.ctplug.mapping.BackendKind.LXC);

        Plan plan = plan(mapping, AppliedState.EMPTY, SeenLinks.NONE);

        assertThat(plan.actionsOf(Action.MakeLink.class)).isEmpty();
        assertThat(plan.notes()).contains("container ha: udev link " + BY_ID + " of ttyACM0 is not made: it would"
                + " take the place of the node " + BY_ID);
    }

    @Test
    void aRestartMakesNoLinkInTheInstanceAboutToEnd() throws Exception {
        plugged(BY_ID);
        String config = CONFIG + KEY + " = c 166:0 rwm\n";

        Plan plan = plan(mapping("restart", "udev"), AppliedState.EMPTY, config, new SeenNode.Absent(),
                seen("/dev/serial", "dir", "/dev/serial/by-id", "dir", BY_ID, "../../ttyACM0"));

        assertThat(plan.actionsOf(Action.RestartContainer.class)).hasSize(1);
        assertThat(plan.actions()).noneMatch(a -> a instanceof Action.MakeLink || a instanceof Action.RemoveLink);
    }
}
