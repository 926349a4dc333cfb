package org.ctplug.mapping;

/** What to do for a running container when its device appears or changes ({@code on_plug:}). */
public enum OnPlug { HOTPLUG, RESTART, NONE }
