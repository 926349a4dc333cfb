/**
 * The POSIX file calls Java lacks, behind a JDK-like interface: device numbers, mknod, chown by
 * number, flock(2) as pct takes it, and lstat below a directory without following symlinks.
 * Uses sys.
 */
package org.ctplug.posix;
