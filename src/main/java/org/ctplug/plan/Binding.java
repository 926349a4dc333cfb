package org.ctplug.plan;

import org.ctplug.device.Device;
import org.ctplug.mapping.MappingEntry;

/** An entry of the mapping and the one present device it matches, unambiguously. */
public record Binding(MappingEntry entry, Device device) {}
