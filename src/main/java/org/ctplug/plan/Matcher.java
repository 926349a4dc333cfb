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
        // plain tests, the most telling first: this runs for every device of the kind on every
        // event, mostly before the JIT has compiled it
        if (!m.kind().equals(d.kind())) {
            return false;
        }
        if (m.kernel().isPresent()) {
            if (!Glob.matches(m.kernel().get(), d.kernel())) {
                return false;
            }
        } else if (m.kind().unnamedDevtype().isPresent() && !m.kind().unnamedDevtype().equals(d.devtype())) {
            return false;
        }
        if (!sameIgnoringCase(m.vendor(), d.vendor()) || !sameIgnoringCase(m.product(), d.product())) {
            return false;
        }
        if (!m.ids().isEmpty() && (d.vendor().isEmpty() || d.product().isEmpty()
                || !m.ids().contains(d.vendor().get() + ":" + d.product().get()))) {
            return false;
        }
        return same(m.serial(), d.serial()) && same(m.interfaceNumber(), d.interfaceNumber())
                && same(m.port(), d.port()) && same(m.slot(), d.slot());
    }

    /** No value wanted, or the device has exactly it; an absent device value never matches a given one. */
    private static <T> boolean same(java.util.Optional<T> wanted, java.util.Optional<T> value) {
        return wanted.isEmpty() || (value.isPresent() && wanted.get().equals(value.get()));
    }

    private static boolean sameIgnoringCase(java.util.Optional<String> wanted, java.util.Optional<String> value) {
        return wanted.isEmpty() || (value.isPresent() && wanted.get().equalsIgnoreCase(value.get()));
    }

    public static MatchResult match(List<MappingEntry> entries, List<Device> devices) {
        Map<String, List<Device>> devicesOfEntry = new LinkedHashMap<>();
        Map<String, List<String>> entriesOfDevice = new LinkedHashMap<>();
        for (MappingEntry entry : entries) {
            List<Device> hits = new ArrayList<>(1);
            for (Device d : devices) {
                if (matches(entry.match(), d)) {
                    hits.add(d);
                }
            }
            devicesOfEntry.put(entry.name(), hits);
            for (Device d : hits) {
                List<String> names = entriesOfDevice.get(d.devname());
                if (names == null) {
                    names = new ArrayList<>(1);
                    entriesOfDevice.put(d.devname(), names);
                }
                names.add(entry.name());
            }
        }
        Map<String, String> entryErrors = new HashMap<>();
        Map<String, String> deviceErrors = new HashMap<>();
        for (Map.Entry<String, List<Device>> e : devicesOfEntry.entrySet()) {
            String name = e.getKey();
            List<Device> hits = e.getValue();
            if (hits.size() > 1) {
                String names = hits.stream().map(Device::devname).collect(Collectors.joining(", "));
                entryErrors.put(name, "entry " + name + " matches " + hits.size() + " devices (" + names
                        + "): add serial, interface or port to tell them apart");
                for (Device d : hits) {
                    deviceErrors.putIfAbsent(d.devname(), "ambiguous: entry " + name + " matches " + hits.size()
                            + " devices (" + names + ")");
                }
            }
        }
        for (Map.Entry<String, List<String>> e : entriesOfDevice.entrySet()) {
            List<String> names = e.getValue();
            if (names.size() > 1) {
                String joined = String.join(", ", names);
                deviceErrors.put(e.getKey(), "ambiguous: matched by entries " + joined);
                for (String n : names) {
                    entryErrors.putIfAbsent(n, "device " + e.getKey() + " is matched by entries " + joined);
                }
            }
        }
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
