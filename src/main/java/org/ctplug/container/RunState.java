package org.ctplug.container;

/** What {@code lxc-info -s} reports; transient states (STARTING, STOPPING...) are UNKNOWN. */
public enum RunState { RUNNING, STOPPED, FROZEN, UNKNOWN }
