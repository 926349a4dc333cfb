/**
 * Benchmarks (src/bench/run-benchmarks): plug latency, overflow recovery, idle cost, parse and
 * match throughput, and a comparison with LXD. Compiled with the test classes on the class path,
 * so they use testing and netlink's test sender as the tests do.
 */
package org.ctplug.bench;
