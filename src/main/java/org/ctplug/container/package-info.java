/**
 * The container managers: the LXC and Proxmox backends (their tools, run through exec), container
 * configs and the lines ctplug edits in them, device cgroup rules (v1 files, or LXC's command
 * socket on cgroup2), id maps and container starts. Uses exec, host and sys (the command socket).
 */
package org.ctplug.container;
