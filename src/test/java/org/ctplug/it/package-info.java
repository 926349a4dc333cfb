/**
 * End-to-end tests on the real host (root, udevd, LXC), on both cgroup layouts: the daemon,
 * apply and status against real containers and real uevents. Use testing, cli and netlink.
 */
package org.ctplug.it;
