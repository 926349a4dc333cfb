/**
 * What the tests share: kernel-shaped sysfs fixtures, real busybox LXC containers with random
 * names, the daemon as a process, real uevents for ttyS0 and the consoles, and the host check
 * and clean-up around every host test. Uses the ctplug packages it stands in for or drives.
 */
package org.ctplug.testing;
