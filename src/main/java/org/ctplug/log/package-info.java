/**
 * Logback set up in code: one line per event, with journald priority prefixes under systemd.
 * Uses no other ctplug package.
 */
package org.ctplug.log;
