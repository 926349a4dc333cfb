/**
 * Device nodes in running containers without a restart: a node store on the host, bind-mounted
 * into the container's mount namespace, with every path inside the container resolved from fds,
 * one component at a time, never following a symlink. Uses sys (namespace, mount and file calls),
 * posix (mknod, chown) and host (mount table, process start times).
 */
package org.ctplug.live;
