/**
 * What ctplug applied, kept in /var/lib/ctplug/state.json: per container the config lines it
 * added and the live nodes it made, so it can take exactly those back. Uses container
 * (ConfigLine, AtomicFiles) and text.
 */
package org.ctplug.state;
