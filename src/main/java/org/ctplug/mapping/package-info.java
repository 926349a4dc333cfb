/**
 * devices.yaml: reading it with every problem as FILE:LINE:COL, validating each key, the records
 * it yields, and appending the entry learn writes. Uses kind (the keys each kind accepts) and
 * exec (the tools: section's paths).
 */
package org.ctplug.mapping;
