/**
 * The .deb: its contents, its install and removal on the host, and the service under a real
 * systemd in a system container (run by failsafe in verify). Uses testing only: the package is
 * driven as an admin would, through its command and its unit.
 */
package org.ctplug.packaging;
