/**
 * The service loop: a reconcile after every uevent, mapping change and container start, the
 * restart rate limit, and what the daemon publishes for status. Uses plan, container, mapping,
 * status and systemd.
 */
package org.ctplug.daemon;
