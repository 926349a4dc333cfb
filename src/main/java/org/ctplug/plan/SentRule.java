package org.ctplug.plan;

import java.io.IOException;
import org.ctplug.container.CgroupRule;
import org.ctplug.container.DeviceCgroup;
import org.ctplug.live.LiveNodes;

/**
 * A device rule sent to a container's LXC monitor, its answer not yet read while the monitor
 * rebuilds and loads the container's BPF program: a deny's is read once the nodes are removed,
 * an allow's by the node step it gates, inside the container's namespace before the node's path
 * is touched, so the node is made meanwhile and still appears only once the grant is in force. A
 * refusal is taken up on the host's side ({@link #settle}), where lxc-cgroup may be run.
 */
final class SentRule implements LiveNodes.Gate {
    /** The step: an {@link Action.AllowDevice} or an {@link Action.DenyDevice}. */
    final Action action;
    final String container;
    private final int initPid;
    private final CgroupRule rule;
    private final DeviceCgroup.Pending pending;
    private boolean asked;
    private IOException refused;
    private long answeredNanos;

    private SentRule(Action action, String container, int initPid, CgroupRule rule, DeviceCgroup.Pending pending) {
        this.action = action;
        this.container = container;
        this.initPid = initPid;
        this.rule = rule;
        this.pending = pending;
    }

    static SentRule allow(Action.AllowDevice a, DeviceCgroup.Pending pending) {
        return new SentRule(a, a.container(), a.initPid(), a.rule(), pending);
    }

    static SentRule deny(Action.DenyDevice d, DeviceCgroup.Pending pending) {
        return new SentRule(d, d.container(), d.initPid(), d.rule(), pending);
    }

    /** The node step of the device this rule names, in the same container. */
    boolean gates(Action.InjectNode n) {
        return n.container().equals(container) && n.initPid() == initPid && n.type() == rule.type()
                && n.major() == rule.major() && n.minor() == rule.minor();
    }

    /** Reads the answer (forking nothing): whether the rule is in force; a refusal is kept for {@link #settle}. */
    @Override
    public boolean open() {
        asked = true;
        try {
            pending.answer();
            return true;
        } catch (IOException e) {
            refused = e;
            return false;
        } catch (RuntimeException e) {
            // no answer that says the rule is in force: taken as a refusal
            refused = new IOException(e.toString(), e);
            return false;
        } finally {
            answeredNanos = System.nanoTime();
        }
    }

    /** The rule in force once this returns: the answer read if no node step asked, or lxc-cgroup run after a refusal. */
    void settle() throws IOException {
        if (!asked) {
            pending.finish();
            answeredNanos = System.nanoTime();
        } else if (refused != null) {
            pending.fallBack(refused);
            answeredNanos = System.nanoTime();
        }
    }

    /** {@link System#nanoTime()} when the rule was known to be in force (or refused). */
    long answeredNanos() {
        return answeredNanos;
    }
}
