/**
 * The uevent socket (NETLINK_KOBJECT_UEVENT): the kernel's and udevd's multicast groups, the
 * sender checks on every datagram, the subsystem filter, and the pure parser of both message
 * formats. Uses sys for the socket calls.
 */
package org.ctplug.netlink;
