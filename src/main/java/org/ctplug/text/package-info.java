/**
 * Text helpers: escaping untrusted strings for terminals and logs, the JSON writer and typed
 * reads, unified diffs. Uses no other ctplug package.
 */
package org.ctplug.text;
