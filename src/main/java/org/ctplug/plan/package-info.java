/**
 * One reconcile, shared by apply and the daemon: the Observer reads devices, containers and
 * state, the Planner turns them into a Plan of Actions, the Executor applies it. Uses device,
 * mapping, container, state, udev, host (config keys), live (store paths, live steps), posix
 * (the Observer's lookups, the Executor's locks) and exec (the tools the Executor runs).
 */
package org.ctplug.plan;
