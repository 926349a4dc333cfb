package org.ctplug.netlink;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends copies of one udev-format message, so tests can send from another process and
 * another uid: {@code SendUeventMain GROUP_MASK COUNT ACTION DEVPATH [KEY=VALUE...]}.
 */
public final class SendUeventMain {

    private SendUeventMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: SendUeventMain GROUP_MASK COUNT ACTION DEVPATH [KEY=VALUE...]");
            System.exit(2);
        }
        int groupMask = Integer.decode(args[0]);
        int count = Integer.parseInt(args[1]);
        Map<String, String> props = new LinkedHashMap<>();
        for (int i = 4; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            props.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        byte[] message = UeventSender.udevMessage(args[2], args[3], props);
        try (UeventSender sender = UeventSender.open()) {
            for (int i = 0; i < count; i++) {
                sender.send(groupMask, message);
            }
        }
    }
}
