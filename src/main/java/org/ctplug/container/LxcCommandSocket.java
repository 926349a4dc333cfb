package org.ctplug.container;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ctplug.sys.FileCalls;
import org.ctplug.sys.SocketCalls;

/**
 * A device rule for a running container on a cgroup2 host, sent to the container's LXC monitor
 * over its command socket instead of forking {@code lxc-cgroup} for every plug. The monitor owns
 * the container's BPF device program and is the only one that can amend it.
 *
 * <p>The protocol is LXC's own ({@code src/lxc/commands.c}, {@code commands.h},
 * {@code commands_utils.c}), checked against lxc-4.0.12, lxc-5.0.2 (Debian 12), v6.0.0 (Proxmox
 * VE 8 ships 6.x) and v7.0.0: a {@code struct lxc_cmd_req} followed by its payload, answered by a
 * {@code struct lxc_cmd_rsp}. Command 14, {@code LXC_CMD_ADD_BPF_DEVICE_CGROUP}, carries a
 * {@code struct device_item} (from {@code conf.h}), and the monitor refuses any other payload
 * length. Outside that range of versions the layout is not known and the route is refused.
 *
 * <p>The socket is an AF_UNIX stream socket in the abstract namespace, which Java's own unix
 * channels do not reach: they take only file-system paths.
 */
public final class LxcCommandSocket {
    static final int ADD_BPF_DEVICE_CGROUP = 14;
    /** struct lxc_cmd_req {lxc_cmd_t cmd; int datalen; const void *data;}: 4 + 4 + 8 on LP64. */
    static final int REQUEST_SIZE = 16;
    /** struct lxc_cmd_rsp {int ret; int datalen; void *data;}. */
    static final int RESPONSE_SIZE = 16;
    /**
     * struct device_item {char type; int major; int minor; char access[4]; int allow;
     * struct list_head head;}: type at 0, major 4, minor 8, access 12, allow 16, then the
     * list head (two pointers) aligned to 8 at 24; 40 bytes.
     */
    static final int DEVICE_ITEM_SIZE = 40;
    /** sizeof(sun_path) less the leading NUL and the NUL LXC appends (commands_utils.c). */
    private static final int NAME_MAX = 108 - 2;
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");
    private static final int TIMEOUT_MILLIS = 2000;

    private final Path lxcPath;

    private LxcCommandSocket(Path lxcPath) {
        this.lxcPath = lxcPath;
    }

    /**
     * The route for an LXC of this version ({@code lxc-start --version} prints it), or empty where
     * the command's number or payload are not known to be the ones written here.
     */
    public static Optional<LxcCommandSocket> forVersion(String version, Path lxcPath) {
        Matcher m = VERSION.matcher(version.strip());
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        int v = Integer.parseInt(m.group(1)) * 1_000_000 + Integer.parseInt(m.group(2)) * 1000
                + Integer.parseInt(m.group(3));
        boolean known = v >= 4_000_012 && v <= 7_000_000;
        return known ? Optional.of(new LxcCommandSocket(lxcPath)) : Optional.empty();
    }

    /**
     * Allows ({@code allow}) or denies {@code rule} in the running container {@code name}: sends
     * the rule and returns without its answer, which {@link Sent#answer()} reads; the monitor
     * amends the BPF program meanwhile, while the caller does other work.
     */
    public Sent send(String name, CgroupRule rule, boolean allow) throws IOException {
        byte[] socketName = socketName(lxcPath, name);
        String shown = "@" + new String(socketName, StandardCharsets.UTF_8);
        byte[] request = request(rule, allow);
        int fd = SocketCalls.socket(SocketCalls.AF_UNIX, SocketCalls.SOCK_STREAM, 0, "AF_UNIX");
        try {
            // LXC reads the caller's credentials from SCM_CREDENTIALS on the request
            SocketCalls.setsockopt(fd, SocketCalls.SOL_SOCKET, SocketCalls.SO_PASSCRED, 1, "SO_PASSCRED");
            byte[] timeout = SocketCalls.timeval(TIMEOUT_MILLIS);
            SocketCalls.setsockopt(fd, SocketCalls.SOL_SOCKET, SocketCalls.SO_RCVTIMEO, timeout, "SO_RCVTIMEO");
            SocketCalls.setsockopt(fd, SocketCalls.SOL_SOCKET, SocketCalls.SO_SNDTIMEO, timeout, "SO_SNDTIMEO");
            byte[] sunPath = new byte[1 + socketName.length]; // sunPath[0] = 0: the abstract namespace
            System.arraycopy(socketName, 0, sunPath, 1, socketName.length);
            SocketCalls.connect(fd, SocketCalls.unixAddress(sunPath), shown);
            long sent = SocketCalls.send(fd, request, SocketCalls.MSG_NOSIGNAL, shown);
            if (sent != request.length) {
                throw new IOException("send(" + shown + "): " + sent + " of " + request.length + " bytes");
            }
            return new Connection(fd, shown, "the LXC monitor of " + name + " refused " + (allow ? "allow " : "deny ")
                    + rule);
        } catch (IOException | RuntimeException e) {
            FileCalls.close(fd);
            throw e;
        }
    }

    /** A rule sent to a monitor, its connection open until {@link #answer()} reads the answer. */
    public interface Sent {
        /**
         * Reads exactly one response, within the timeout, and closes the connection (call it
         * once); fails unless the monitor took the rule.
         */
        void answer() throws IOException;
    }

    /** @param refused what a refusal says, less the monitor's code */
    private record Connection(int fd, String shown, String refused) implements Sent {
        @Override
        public void answer() throws IOException {
            byte[] response = new byte[RESPONSE_SIZE];
            try {
                long got = SocketCalls.recv(fd, response, SocketCalls.MSG_WAITALL, shown);
                if (got != RESPONSE_SIZE) {
                    throw new IOException("recv(" + shown + "): " + got + " of " + RESPONSE_SIZE
                            + " bytes (the monitor closed the socket)");
                }
            } finally {
                FileCalls.close(fd);
            }
            int ret = ByteBuffer.wrap(response).order(ByteOrder.nativeOrder()).getInt(0);
            if (ret != 0) {
                throw new IOException(refused + " (ret " + ret + ")");
            }
        }
    }

    /**
     * {@code <lxcpath>/<name>/command}, or, when that does not fit in sun_path,
     * {@code lxc/<FNV-1a 64 of "<lxcpath>/<name>">/command}, as lxc_make_abstract_socket_name does.
     */
    public static byte[] socketName(Path lxcPath, String name) {
        String plain = lxcPath + "/" + name + "/command";
        if (plain.getBytes(StandardCharsets.UTF_8).length < NAME_MAX) {
            return plain.getBytes(StandardCharsets.UTF_8);
        }
        long hash = 0xcbf29ce484222325L;
        for (byte b : (lxcPath + "/" + name).getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return String.format("lxc/%016x/command", hash).getBytes(StandardCharsets.UTF_8);
    }

    /** The request header and the device_item, in the monitor's byte order; pointers are not read by it. */
    static byte[] request(CgroupRule rule, boolean allow) {
        ByteBuffer b = ByteBuffer.allocate(REQUEST_SIZE + DEVICE_ITEM_SIZE).order(ByteOrder.nativeOrder());
        b.putInt(0, ADD_BPF_DEVICE_CGROUP).putInt(4, DEVICE_ITEM_SIZE);
        int item = REQUEST_SIZE;
        // LXC too writes -1 for a '*' major or minor (cgroups/cgfsng.c, device_cgroup_rule_parse)
        b.put(item, (byte) rule.type()).putInt(item + 4, rule.major()).putInt(item + 8, rule.minor());
        byte[] access = rule.access().getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < access.length; i++) {
            b.put(item + 12 + i, access[i]);
        }
        b.putInt(item + 16, allow ? 1 : 0);
        return b.array();
    }
}
