/**
 * The command line (picocli): one class per command, and Context, which wires the other packages
 * for one mapping. The top of the graph: it uses every other ctplug package except sys (reached
 * through the rooms above it), udev (through plan) and log (logback finds it by ServiceLoader).
 */
package org.ctplug.cli;
