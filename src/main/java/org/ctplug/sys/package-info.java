/**
 * ctplug's one binding of libc, through JNA: the file, namespace, mount and socket calls the JDK
 * does not offer, one errno table, and one error format for every failed call
 * ({@link org.ctplug.sys.ErrnoException}: {@code call(what): ENAME (message)}). A package of its
 * own rather than part of posix, because netlink, live, systemd and container need it as much as
 * posix does. The only package that imports JNA; uses no other ctplug package.
 */
package org.ctplug.sys;
