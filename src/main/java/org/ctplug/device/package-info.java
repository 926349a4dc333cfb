/**
 * Device nodes as sysfs and the udev database describe them, read under a root the caller
 * chooses (a test's fixture tree, or /), their identity, and the presence the kernel's events
 * say. Uses kind (where each kind lives in sysfs) and text (untrusted descriptor strings).
 */
package org.ctplug.device;
