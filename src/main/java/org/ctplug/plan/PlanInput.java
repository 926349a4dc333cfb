package org.ctplug.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ctplug.container.ContainerBackend;
import org.ctplug.device.Device;
import org.ctplug.mapping.Mapping;
import org.ctplug.state.AppliedState;

/**
 * Everything one reconcile looks at, gathered by {@link Observer} (or built by a test).
 *
 * @param cgroupKey       the config key of the host's devices controller
 * @param rulesFile       where the rules file lives (under --root)
 * @param currentRules    its content, "" when absent
 * @param containers      every container named by the mapping or by the state
 * @param restartBlocked  which restarts wait this pass: the rate limit's, or all while events arrive
 * @param nodeStore       ctplug's node store as the host sees it (not under --root): mount entries name it
 * @param storeNodes      the nodes now on the store, by host path
 * @param scope           the containers looked at, when an event named only some devices: the
 *                        others are kept as recorded and planned for at the next full pass;
 *                        empty when every container was looked at
 * @param handledBeforeRules the devices udev last handled before it loaded ctplug's rules, by
 *                        devpath, with the mark of the rule those rules gave each (see
 *                        {@link org.ctplug.device.KernelEvents#handledBeforeRules()})
 */
public record PlanInput(Mapping mapping, List<Device> devices, ContainerBackend backend, String cgroupKey,
                        Path rulesFile, String currentRules, AppliedState state,
                        Map<String, ContainerView> containers, RestartHold restartBlocked, Path nodeStore,
                        Map<Path, StoredNode> storeNodes, Optional<Set<String>> scope,
                        Map<String, Optional<String>> handledBeforeRules) {
    public PlanInput {
        devices = List.copyOf(devices);
        containers = Map.copyOf(containers);
        storeNodes = Map.copyOf(storeNodes);
        scope = scope.map(Set::copyOf);
        handledBeforeRules = Map.copyOf(handledBeforeRules);
    }

    /** Nothing udev handled before a rules load. */
    public PlanInput(Mapping mapping, List<Device> devices, ContainerBackend backend, String cgroupKey,
                     Path rulesFile, String currentRules, AppliedState state, Map<String, ContainerView> containers,
                     RestartHold restartBlocked, Path nodeStore, Map<Path, StoredNode> storeNodes,
                     Optional<Set<String>> scope) {
        this(mapping, devices, backend, cgroupKey, rulesFile, currentRules, state, containers, restartBlocked,
                nodeStore, storeNodes, scope, Map.of());
    }

    /** Every container looked at. */
    public PlanInput(Mapping mapping, List<Device> devices, ContainerBackend backend, String cgroupKey,
                     Path rulesFile, String currentRules, AppliedState state, Map<String, ContainerView> containers,
                     RestartHold restartBlocked, Path nodeStore, Map<Path, StoredNode> storeNodes) {
        this(mapping, devices, backend, cgroupKey, rulesFile, currentRules, state, containers, restartBlocked,
                nodeStore, storeNodes, Optional.empty(), Map.of());
    }

    /** Whether the container was looked at in this pass. */
    public boolean inScope(String id) {
        return scope.map(s -> s.contains(id)).orElse(true);
    }
}
