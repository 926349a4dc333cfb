package org.ctplug.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.ctplug.container.CgroupRule;
import org.ctplug.container.ContainerStatus;
import org.ctplug.container.RunState;
import org.ctplug.device.SysfsScanner;
import org.ctplug.mapping.BackendKind;
import org.ctplug.mapping.Mapping;
import org.ctplug.mapping.MappingException;
import org.ctplug.mapping.MappingLoader;
import org.ctplug.state.AppliedState;
import org.ctplug.testing.PlanFixture;
import org.junit.jupiter.api.Test;

/** The one planner for every kind: the node at the kernel's path, its exact rule of its type, live. */
class KindPlannerTest extends PlanFixture {
    static final String PRIVILEGED = "lxc.uts.name = ha\n";
    static final String UNPRIVILEGED = "lxc.uts.name = ha\nlxc.idmap = u 0 100000 65536\nlxc.idmap = g 0 100000 65536\n";

    Mapping mapping(String devices) throws MappingException {
        return MappingLoader.parse("version: 1\nbackend: lxc\ndevices:\n" + devices, root.resolve("devices.yaml"),
                BackendKind.LXC);
    }

    Mapping coral() throws MappingException {
        return mapping("""
                  coral:
                    match: {subsystem: usb, ids: ["1a6e:089a", "18d1:9302"]}
                    containers: [ha]
                """);
    }

    Plan plan(Mapping mapping, AppliedState state, String config, Map<String, SeenNode> seen) throws IOException {
        ContainerStatus status = new ContainerStatus("ha", RunState.RUNNING, OptionalInt.of(PID));
        // the rules file as a previous pass left it: these tests are about containers
        String rules = org.ctplug.udev.RulesRenderer.render(mapping.entries());
        return Planner.plan(new PlanInput(mapping, new SysfsScanner(root).scan(), backend, KEY, root.resolve("rules"),
                rules, state, Map.of("ha", new ContainerView(status, Optional.of(config), seen)), RestartHold.NONE,
                root.resolve("store"), Map.of()));
    }

    static String configAfter(Plan plan, String before) {
        return plan.actionsOf(Action.WriteFile.class).stream().filter(w -> w.container().isPresent())
                .map(Action.WriteFile::after).findFirst().orElse(before);
    }

    static SeenNode.Node charNode(int major, int minor, long owner) {
        return new SeenNode.Node('c', major, minor, 0660, owner, owner);
    }

    @Test
    void aCoralThatReEnumeratesIsFollowedLiveToItsNewNodeWithOnlyItsNewNumberGranted() throws Exception {
        sysfs.nextDevnum("2", 2).rawUsb("2-1", "1a6e", "089a", null, "Coral");
        Plan plug = plan(coral(), AppliedState.EMPTY, PRIVILEGED, Map.of());
        assertThat(plug.actionsOf(Action.InjectNode.class)).singleElement().satisfies(n -> {
            assertThat(n.path()).isEqualTo("/dev/bus/usb/002/002");
            assertThat(List.of(n.major(), n.minor())).containsExactly(189, 129);
        });
        String config = configAfter(plug, PRIVILEGED);

        // the Edge TPU runtime loaded its firmware: the device comes back as Google's, one number on
        sysfs.unplug("2-1").nextDevnum("2", 3).rawUsb("2-1", "18d1", "9302", null, "Coral");
        Plan replug = plan(coral(), plug.newState(), config,
                Map.of("/dev/bus/usb/002/002", charNode(189, 129, 0), "/dev/bus/usb/002/003", new SeenNode.Absent()));

        assertThat(replug.actionsOf(Action.RemoveNode.class)).extracting(Action.RemoveNode::path)
                .containsExactly("/dev/bus/usb/002/002");
        assertThat(replug.actionsOf(Action.DenyDevice.class)).extracting(Action.DenyDevice::rule)
                .containsExactly(CgroupRule.exact('c', 189, 129));
        assertThat(replug.actionsOf(Action.InjectNode.class)).singleElement().satisfies(n -> {
            assertThat(n.path()).isEqualTo("/dev/bus/usb/002/003");
            assertThat(List.of(n.major(), n.minor())).containsExactly(189, 130);
        });
        assertThat(replug.actionsOf(Action.AllowDevice.class)).extracting(Action.AllowDevice::rule)
                .containsExactly(CgroupRule.exact('c', 189, 130));
        assertThat(replug.actionsOf(Action.RestartContainer.class)).isEmpty();
        String after = configAfter(replug, config);
        assertThat(after.lines().filter(l -> l.contains("189:"))).containsExactly(KEY + " = c 189:130 rwm");
        assertThat(after).contains("dev/bus/usb/002/003 none bind,optional,create=file")
                .doesNotContain("usb/002/002");
    }

    @Test
    void anUnprivilegedContainerMountsTheCoralFromTheStoreAtTheKernelsPath() throws Exception {
        sysfs.nextDevnum("2", 3).rawUsb("2-1", "18d1", "9302", null, "Coral");

        Plan plan = plan(coral(), AppliedState.EMPTY, UNPRIVILEGED, Map.of());

        assertThat(plan.actionsOf(Action.InjectNode.class)).singleElement().satisfies(n -> {
            assertThat(n.path()).isEqualTo("/dev/bus/usb/002/003");
            assertThat(List.of(n.rootUid(), n.rootGid())).as("parents are made as the mapped root")
                    .containsExactly(100000L, 100000L);
        });
        assertThat(configAfter(plan, UNPRIVILEGED)).contains(root.resolve("store") + "/ha/dev%2Fbus%2Fusb%2F002%2F003"
                + " dev/bus/usb/002/003 none bind,optional,create=file");
    }

    @Test
    void aGpusCardAndRenderNodeFromTwoEntriesGetTheirOwnGroupsAndNoOtherMinorOf226() throws Exception {
        sysfs.gpu("0000:00:02.0", "8086", "3e92");
        Mapping m = mapping("""
                  igpu-render:
                    match: {subsystem: drm, vendor: "8086", kernel: "renderD*"}
                    containers: [{id: ha, gid: 104}]
                  igpu-card:
                    match: {subsystem: drm, vendor: "8086", kernel: "card*"}
                    containers: [{id: ha, gid: 44}]
                """);

        Plan plan = plan(m, AppliedState.EMPTY, UNPRIVILEGED, Map.of());

        assertThat(plan.actionsOf(Action.InjectNode.class))
                .extracting(Action.InjectNode::path, Action.InjectNode::minor, Action.InjectNode::gid,
                        Action.InjectNode::hostGid)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("/dev/dri/renderD128", 128, 104, 100104L),
                        org.assertj.core.groups.Tuple.tuple("/dev/dri/card0", 0, 44, 100044L));
        assertThat(configAfter(plan, UNPRIVILEGED).lines().filter(l -> l.startsWith(KEY)))
                .containsExactlyInAnyOrder(KEY + " = c 226:128 rwm", KEY + " = c 226:0 rwm");
    }

    @Test
    void tunIsGrantedExactlyAndKeptAcrossReconciles() throws Exception {
        sysfs.tun();
        Mapping m = mapping("""
                  tun:
                    match: {subsystem: misc, kernel: tun}
                    containers: [ha]
                """);

        Plan first = plan(m, AppliedState.EMPTY, PRIVILEGED, Map.of());
        String config = configAfter(first, PRIVILEGED);
        assertThat(config.lines().filter(l -> l.startsWith(KEY))).containsExactly(KEY + " = c 10:200 rwm");
        assertThat(config).contains("lxc.mount.entry = /dev/net/tun dev/net/tun none bind,optional,create=file");

        Plan again = plan(m, first.newState(), config, Map.of("/dev/net/tun", charNode(10, 200, 0)));
        assertThat(again.actions()).isEmpty();
        assertThat(again.stateChanged()).isFalse();
    }

    @Test
    void aZramDeviceGetsABlockNodeAndABlockRule() throws Exception {
        sysfs.zram(1, 252);
        Mapping m = mapping("""
                  swap:
                    match: {subsystem: block, kernel: zram1}
                    link: ctplug-zram
                    containers: [ha]
                """);

        Plan plan = plan(m, AppliedState.EMPTY, PRIVILEGED, Map.of());

        assertThat(plan.actionsOf(Action.InjectNode.class)).singleElement().satisfies(n -> {
            assertThat(n.type()).isEqualTo('b');
            assertThat(n.path()).isEqualTo("/dev/ctplug-zram");
        });
        assertThat(plan.actionsOf(Action.AllowDevice.class)).extracting(Action.AllowDevice::rule)
                .containsExactly(CgroupRule.exact('b', 252, 1));

        // a block node where the mapping wants one is right; a char node of the same number is not
        Plan kept = plan(m, plan.newState(), configAfter(plan, PRIVILEGED),
                Map.of("/dev/ctplug-zram", new SeenNode.Node('b', 252, 1, 0660, 0, 0)));
        assertThat(kept.actions()).isEmpty();
        Plan replaced = plan(m, plan.newState(), configAfter(plan, PRIVILEGED),
                Map.of("/dev/ctplug-zram", charNode(252, 1, 0)));
        assertThat(replaced.actionsOf(Action.InjectNode.class)).hasSize(1);
    }

    Mapping coral(String onPlug) throws MappingException {
        return mapping("""
                  coral:
                    match: {subsystem: usb, ids: ["1a6e:089a", "18d1:9302"]}
                    on_plug: %s
                    containers: [ha]
                """.formatted(onPlug));
    }

    @Test
    void anUnplugOfARestartEntryAtTheKernelsPathRestartsNothing() throws Exception {
        sysfs.nextDevnum("2", 2).rawUsb("2-1", "1a6e", "089a", null, "Coral");
        Plan plug = plan(coral("restart"), AppliedState.EMPTY, PRIVILEGED, Map.of());
        assertThat(plug.actionsOf(Action.RestartContainer.class)).hasSize(1);
        String config = configAfter(plug, PRIVILEGED);

        sysfs.unplug("2-1");
        Plan unplug = plan(coral("restart"), plug.newState(), config,
                Map.of("/dev/bus/usb/002/002", charNode(189, 129, 0)));

        assertThat(unplug.actionsOf(Action.RestartContainer.class)).isEmpty();
        assertThat(unplug.actionsOf(Action.RemoveNode.class)).as("it stays until the next start").isEmpty();
        assertThat(unplug.actionsOf(Action.DenyDevice.class)).extracting(Action.DenyDevice::rule)
                .containsExactly(CgroupRule.exact('c', 189, 129));
    }

    @Test
    void anUnplugOfANoneEntryAtTheKernelsPathLeavesTheNodeToTheNextStart() throws Exception {
        sysfs.nextDevnum("2", 2).rawUsb("2-1", "1a6e", "089a", null, "Coral");
        Plan plug = plan(coral("none"), AppliedState.EMPTY, PRIVILEGED, Map.of());
        String config = configAfter(plug, PRIVILEGED);

        sysfs.unplug("2-1");
        Plan unplug = plan(coral("none"), plug.newState(), config,
                Map.of("/dev/bus/usb/002/002", charNode(189, 129, 0)));

        assertThat(unplug.actionsOf(Action.RemoveNode.class)).isEmpty();
        assertThat(unplug.actionsOf(Action.RestartContainer.class)).isEmpty();
    }

    @Test
    void aUsbDiskEntryIsTheDiskAndAPartitionIsNamedByItsKernelName() throws Exception {
        sysfs.usbDisk("1-6", "0781", "5581", "4C530001", "sda", 0, 2);
        Mapping m = mapping("""
                  backup:
                    match: {subsystem: block, ids: ["0781:5581"], serial: "4C530001"}
                    containers: [ha]
                  data:
                    match: {subsystem: block, kernel: "sda2"}
                    containers: [ha]
                """);

        Plan plan = plan(m, AppliedState.EMPTY, PRIVILEGED, Map.of());

        assertThat(plan.notes()).noneMatch(n -> n.contains("matches"));
        assertThat(plan.actionsOf(Action.InjectNode.class)).extracting(Action.InjectNode::path)
                .containsExactlyInAnyOrder("/dev/sda", "/dev/sda2");
        assertThat(plan.actionsOf(Action.AllowDevice.class)).extracting(Action.AllowDevice::rule)
                .containsExactlyInAnyOrder(CgroupRule.exact('b', 8, 0), CgroupRule.exact('b', 8, 2));
    }

    @Test
    void aPciVendorNeverMatchesAUsbNodeBelowAControllerOfThatVendor() throws Exception {
        sysfs.webcam("1-4", "046d", "0825", 0);
        Mapping m = mapping("""
                  cam:
                    match: {subsystem: video4linux, vendor: "8086"}
                    containers: [ha]
                """);

        assertThat(plan(m, AppliedState.EMPTY, PRIVILEGED, Map.of()).actionsOf(Action.InjectNode.class)).isEmpty();
    }
}
