package org.ctplug.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.ctplug.device.Device;
import org.ctplug.mapping.Match;
import org.ctplug.mapping.MappingEntry;

/** Pure matching of mapping entries against present devices. */
public final class Matcher {
    private Matcher() {}

    /**
     * The device is of the match's kind and all keys given in the match hold; an absent device
     * value never matches a given key. {@code kernel} globs the node's kernel name, never its
     * DEVNAME: {@code renderD*}, not {@code dri/renderD*}.
     */
    public static boolean matches(Match m, Device d) {
        return m.kind().equals(d.kind())
                && (m.kernel().isPresent() || m.kind().unnamedDevtype().map(t -> d.devtype().filter(t::equals)
                .isPresent()).orElse(true))
                && m.vendor().map(v -> d.vendor().filter(v::equalsIgnoreCase).isPresent()).orElse(true)
                && (m.ids().isEmpty() || d.ids().filter(m.ids()::contains).isPresent())
                && m.slot().map(s -> d.slot().filter(s::equals).isPresent()).orElse(true)
                && m.product().map(p -> d.product().filter(p::equalsIgnoreCase).isPresent()).orElse(true)
                && m.serial().map(s -> d.serial().filter(s::equals).isPresent()).orElse(true)
                && m.interfaceNumber().map(i -> d.interfaceNumber().filter(i::equals).isPresent()).orElse(true)
                && m.port().map(p -> d.port().filter(p::equals).isPresent()).orElse(true)
                && m.kernel().map(k -> Glob.matches(k, d.kernel())).orElse(true);
    }

    public static MatchResult match(List<MappingEntry> entries, List<Device> devices) {
        Map<String, List<Device>> devicesOfEntry = new LinkedHashMap<>();
        Map<String, List<String>> entriesOfDevice = new LinkedHashMap<>();
        for (MappingEntry entry : entries) {
            List<Device> hits = devices.stream().filter(d -> matches(entry.match(), d)).toList();
            devicesOfEntry.put(entry.name(), hits);
            hits.forEach(d -> entriesOfDevice.computeIfAbsent(d.devname(), k -> new ArrayList<>()).add(entry.name()));
        }
        Map<String, String> entryErrors = new HashMap<>();
        Map<String, String> deviceErrors = new HashMap<>();
        devicesOfEntry.forEach((name, hits) -> {
            if (hits.size() > 1) {
                String names = hits.stream().map(Device::devname).collect(Collectors.joining(", "));
                entryErrors.put(name, "entry " + name + " matches " + hits.size() + " devices (" + names
                        + "): add serial, interface or port to tell them apart");
                hits.forEach(d -> deviceErrors.putIfAbsent(d.devname(), "ambiguous: entry " + name
                        + " matches " + hits.size() + " devices (" + names + ")"));
            }
        });
        entriesOfDevice.forEach((devname, names) -> {
            if (names.size() > 1) {
                String joined = String.join(", ", names);
                deviceErrors.put(devname, "ambiguous: matched by entries " + joined);
                names.forEach(n -> entryErrors.putIfAbsent(n, "device " + devname + " is matched by entries " + joined));
            }
        });
        List<Binding> bindings = new ArrayList<>();
        List<MappingEntry> usable = new ArrayList<>();
        Map<String, String> entryOfDevice = new HashMap<>();
        for (MappingEntry entry : entries) {
            if (entryErrors.containsKey(entry.name())) {
                continue;
            }
            usable.add(entry);
            List<Device> hits = devicesOfEntry.get(entry.name());
            if (hits.size() == 1) {
                bindings.add(new Binding(entry, hits.get(0)));
                entryOfDevice.put(hits.get(0).devname(), entry.name());
            }
        }
        return new MatchResult(bindings, usable, entryOfDevice, deviceErrors, entryErrors);
    }
}
