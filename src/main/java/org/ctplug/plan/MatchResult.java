package org.ctplug.plan;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ctplug.device.Device;
import org.ctplug.mapping.MappingEntry;

/**
 * How the mapping meets the present devices. An entry matching two devices, or a device
 * matched by two entries, is an error for all of them: never a silent pick.
 */
public record MatchResult(List<Binding> bindings, List<MappingEntry> usableEntries,
                          Map<String, String> entryOfDevice, Map<String, String> deviceErrors,
                          Map<String, String> entryErrors) {
    public MatchResult {
        bindings = List.copyOf(bindings);
        usableEntries = List.copyOf(usableEntries);
        entryOfDevice = Map.copyOf(entryOfDevice);
        deviceErrors = Map.copyOf(deviceErrors);
        entryErrors = Map.copyOf(entryErrors);
    }

    public Optional<Binding> bindingOf(String entryName) {
        for (Binding b : bindings) {
            if (b.entry().name().equals(entryName)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    public Optional<String> entryOf(Device device) {
        return Optional.ofNullable(entryOfDevice.get(device.devname()));
    }

    public Optional<String> errorOf(Device device) {
        return Optional.ofNullable(deviceErrors.get(device.devname()));
    }
}
