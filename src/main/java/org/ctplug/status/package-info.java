/**
 * ctplug status: a fresh observation next to what the daemon published in its status file, as
 * JSON or lines. Uses plan (the observation), container, device, mapping and text.
 */
package org.ctplug.status;
