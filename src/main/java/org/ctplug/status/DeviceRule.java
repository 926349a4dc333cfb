package org.ctplug.status;

import java.util.List;

/**
 * Whether a device cgroup rule lets a process open a node: the format of LXC's
 * {@code devices.allow} values and of the v1 {@code devices.list} file
 * (Documentation/admin-guide/cgroup-v1/devices.rst): {@code TYPE MAJOR:MINOR ACCESS}, {@code *}
 * for any number, type {@code a} for every device (then alone, or as {@code a *:* rwm}).
 */
final class DeviceRule {
    private DeviceRule() {}

    /** True when one of the rules allows reading and writing the node type major:minor. */
    static boolean anyAllows(List<String> rules, char type, int major, int minor) {
        return rules.stream().anyMatch(r -> allows(r, type, major, minor));
    }

    static boolean allows(String rule, char type, int major, int minor) {
        String[] f = rule.strip().split("\\s+");
        if (f.length == 0 || f[0].length() != 1) {
            return false;
        }
        char t = f[0].charAt(0);
        if (t == 'a' && f.length == 1) {
            return true;
        }
        if (f.length < 3 || t != 'a' && t != type || !f[2].contains("r") || !f[2].contains("w")) {
            return false;
        }
        String[] number = f[1].split(":", -1);
        return number.length == 2 && matches(number[0], major) && matches(number[1], minor);
    }

    private static boolean matches(String field, int value) {
        return field.equals("*") || field.equals(String.valueOf(value));
    }
}
