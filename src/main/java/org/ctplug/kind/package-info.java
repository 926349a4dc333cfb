/**
 * The device kinds ctplug handles, one small room each: where sysfs lists the kind, which entries
 * are nodes, what identifies them, the match keys they take, their udev rule keys and their
 * default host group. Pure data; uses no other ctplug package.
 */
package org.ctplug.kind;
