package org.ctplug.plan;

import org.ctplug.posix.FileStatus;

/**
 * What is really at a mapped path inside a running container, looked at from the host through
 * {@code /proc/<init>/root} without following any symlink. The planner trusts this, not the state
 * file: a container restored from a backup, recreated, or tampered with from inside has what it
 * has, whatever ctplug once added.
 */
public sealed interface SeenNode {

    /** One line for {@code status}. */
    String describe();

    /** Nothing at the path. */
    record Absent() implements SeenNode {
        public String describe() {
            return "absent";
        }
    }

    /** A device node; owner as the host sees it (shifted for an unprivileged container). */
    record Node(char type, int major, int minor, int mode, long uid, long gid) implements SeenNode {
        public String describe() {
            return type + " " + major + ":" + minor + ", " + org.ctplug.text.Text.octal(mode) + ", host owner " + uid + ":"
                    + gid;
        }
    }

    /** Something that is no device node: a file, directory or symlink, or a path through a symlink. */
    record Other(String what) implements SeenNode {
        public String describe() {
            return what;
        }
    }

    /**
     * The container could not be looked into at all (its init is gone, /proc/<pid>/root cannot be
     * opened): nothing is known, and nothing should be done on a guess.
     */
    record Unknown(String why) implements SeenNode {
        public String describe() {
            return "not looked at: " + why;
        }
    }

    static SeenNode of(FileStatus st) {
        int type = st.mode() & 0170000;
        return switch (type) {
            case 0020000 -> new Node('c', st.major(), st.minor(), st.permissions(), Integer.toUnsignedLong(st.uid()),
                    Integer.toUnsignedLong(st.gid()));
            case 0060000 -> new Node('b', st.major(), st.minor(), st.permissions(), Integer.toUnsignedLong(st.uid()),
                    Integer.toUnsignedLong(st.gid()));
            case 0120000 -> new Other("a symlink");
            case 0040000 -> new Other("a directory");
            case 0100000 -> new Other("a regular file");
            default -> new Other("a file of type " + Integer.toOctalString(type));
        };
    }

    /** True when this is the device node type major:minor ({@code c} or {@code b}) owned by uid:gid (host ids). */
    default boolean is(char type, int major, int minor, long uid, long gid) {
        return this instanceof Node n && n.type() == type && n.major() == major && n.minor() == minor
                && n.uid() == uid && n.gid() == gid;
    }

    /** True for any device node: what must go when the device is gone. */
    default boolean isDevice() {
        return this instanceof Node;
    }
}
