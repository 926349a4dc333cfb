/**
 * Running external tools (udevadm, lxc-*, pct) with bounded time and captured output, and where
 * those tools live. Uses no other ctplug package.
 */
package org.ctplug.exec;
