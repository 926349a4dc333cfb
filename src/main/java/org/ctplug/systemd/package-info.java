/** sd_notify(3) without libsystemd: readiness, status and watchdog messages. Uses sys. */
package org.ctplug.systemd;
