/**
 * Facts about the host, read from /proc and /sys: which backend and which devices-controller key,
 * the mount table, process start times. Uses mapping, for BackendKind only.
 */
package org.ctplug.host;
