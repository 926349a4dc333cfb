/** The udev rules file ctplug writes, 70-ctplug.rules, rendered from the mapping. Uses mapping and kind. */
package org.ctplug.udev;
