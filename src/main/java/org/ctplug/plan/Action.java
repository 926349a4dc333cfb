package org.ctplug.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.ctplug.container.CgroupRule;
import org.ctplug.text.Text;

/**
 * One step of a {@link Plan}. Plain data: tests assert on it, {@code apply --dry-run} prints it,
 * the {@link Executor} carries it out in plan order.
 */
public sealed interface Action {

    /** One line for the plan listing. */
    String describe();

    /** Replace a whole file (temp file + rename), under flock(2) on {@code lock} when present. */
    record WriteFile(Path path, String before, String after, Optional<Path> lock, Optional<String> container)
            implements Action {
        public String describe() {
            return (before.isEmpty() ? "create " : "update ") + path
                    + container.map(c -> " (container " + c + ")").orElse("");
        }
    }

    record ReloadUdev() implements Action {
        public String describe() {
            return "udevadm control --reload";
        }
    }

    /** Replay {@code add} for these sysfs paths so udev applies the new rules (links, mode, group). */
    record TriggerDevices(List<String> syspaths) implements Action {
        public TriggerDevices {
            syspaths = List.copyOf(syspaths);
        }

        public String describe() {
            return "udevadm trigger --action=add " + String.join(" ", syspaths);
        }
    }

    /** Allow one device in a running container's device cgroup. */
    record AllowDevice(String container, int initPid, long initStart, CgroupRule rule) implements Action {
        public String describe() {
            return "allow " + rule + " in the device cgroup of running container " + container;
        }
    }

    /** Take a grant ctplug gave back from a running container's device cgroup. */
    record DenyDevice(String container, int initPid, long initStart, CgroupRule rule) implements Action {
        public String describe() {
            return "deny " + rule + " in the device cgroup of running container " + container;
        }
    }

    /**
     * Create or replace a device node inside a running container; {@code uid}/{@code gid} are
     * ids inside the container, {@code hostUid}/{@code hostGid} what its id map makes of them,
     * and {@code rootUid}/{@code rootGid} the host ids of its root (all equal when privileged).
     * {@code initStart} is the init's start time as seen when its PID was learned.
     */
    record InjectNode(String container, int initPid, long initStart, String path, char type, int major, int minor,
                      int mode, int uid, int gid, long hostUid, long hostGid, long rootUid, long rootGid)
            implements Action {
        /** A character node, as every kind but block has. */
        public InjectNode(String container, int initPid, long initStart, String path, int major, int minor, int mode,
                          int uid, int gid, long hostUid, long hostGid, long rootUid, long rootGid) {
            this(container, initPid, initStart, path, 'c', major, minor, mode, uid, gid, hostUid, hostGid, rootUid,
                    rootGid);
        }

        public String describe() {
            return "put node " + path + " (" + type + " " + major + ":" + minor + ", " + Text.octal(mode) + ", owner "
                    + uid + ":" + gid + ") into running container " + container;
        }
    }

    /** Keep a node with the container's mapped owner on ctplug's node store (unprivileged start-time mounts). */
    record StoreNode(String container, String path, char type, int major, int minor, int mode, long hostUid,
                     long hostGid) implements Action {
        /** A character node, as every kind but block has. */
        public StoreNode(String container, String path, int major, int minor, int mode, long hostUid, long hostGid) {
            this(container, path, 'c', major, minor, mode, hostUid, hostGid);
        }

        public String describe() {
            return "keep store node for " + container + ":" + path + " (" + type + " " + major + ":" + minor + ", "
                    + Text.octal(mode) + ", host owner " + hostUid + ":" + hostGid + ")";
        }
    }

    record RemoveNode(String container, int initPid, long initStart, String path) implements Action {
        public String describe() {
            return "remove node " + path + " from running container " + container;
        }
    }

    /**
     * Make a symlink to a node inside a running container, with the host ids of its root, making
     * the directories above it that are missing; {@code replaces}: the target of a link of
     * ctplug's there now, which is replaced only while it still holds exactly that.
     */
    record MakeLink(String container, int initPid, long initStart, long rootUid, long rootGid, String path,
                    String target, Optional<String> replaces) implements Action {
        public String describe() {
            return (replaces.isPresent() ? "replace link " : "link ") + path + " -> " + target
                    + " in running container " + container;
        }
    }

    /** Remove a link of ctplug's from a running container, if it still holds exactly {@code target}. */
    record RemoveLink(String container, int initPid, long initStart, long rootUid, long rootGid, String path,
                      String target) implements Action {
        public String describe() {
            return "remove link " + path + " -> " + target + " from running container " + container;
        }
    }

    /** Remove directories ctplug made for links in a running container, innermost first, each only if empty. */
    record RemoveLinkDirs(String container, int initPid, long initStart, long rootUid, long rootGid,
                          List<String> dirs) implements Action {
        public RemoveLinkDirs {
            dirs = List.copyOf(dirs);
        }

        public String describe() {
            return "remove the empty directories " + String.join(", ", dirs) + " from running container " + container;
        }
    }

    record RestartContainer(String container, String reason) implements Action {
        public String describe() {
            return "restart container " + container + " (" + reason + ")";
        }
    }

    /**
     * Start a container ctplug stopped for a restart and then lost track of (a crash, a watchdog
     * kill between stop and start): the state said it was restarting, and it is stopped now.
     */
    record StartContainer(String container) implements Action {
        public String describe() {
            return "start container " + container + " (ctplug stopped it for a restart that did not finish)";
        }
    }
}
