package org.ctplug.mapping;

/** The mapping's {@code backend:}; {@link #AUTO} never leaves {@link MappingLoader}. */
public enum BackendKind { AUTO, PROXMOX, LXC }
