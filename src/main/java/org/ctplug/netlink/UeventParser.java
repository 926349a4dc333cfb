package org.ctplug.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one netlink datagram into a {@link Uevent}. Pure: anything malformed yields
 * {@link Optional#empty()}, never an exception, because the bytes come from whoever can
 * send on the socket.
 */
public final class UeventParser {

    private UeventParser() {
    }

    public static Optional<Uevent> parse(byte[] buf, int length) {
        if (buf == null || length <= 0 || length > buf.length) {
            return Optional.empty();
        }
        if (startsWith(buf, length, UdevHeader.PREFIX)) {
            return parseUdev(buf, length);
        }
        return parseKernel(buf, length);
    }

    private static Optional<Uevent> parseUdev(byte[] buf, int length) {
        if (length < UdevHeader.SIZE) {
            return Optional.empty();
        }
        ByteBuffer big = ByteBuffer.wrap(buf, 0, length).order(ByteOrder.BIG_ENDIAN);
        if (big.getInt(UdevHeader.MAGIC_OFFSET) != UdevHeader.MAGIC) {
            return Optional.empty();
        }
        ByteBuffer host = ByteBuffer.wrap(buf, 0, length).order(ByteOrder.nativeOrder());
        long off = Integer.toUnsignedLong(host.getInt(UdevHeader.PROPERTIES_OFF_OFFSET));
        long len = Integer.toUnsignedLong(host.getInt(UdevHeader.PROPERTIES_LEN_OFFSET));
        if (off < UdevHeader.SIZE || off + len > length) {
            return Optional.empty();
        }
        return properties(buf, (int) off, (int) (off + len))
                .flatMap(props -> event(UeventSource.UDEV, props));
    }

    /** The kernel's first string is {@code ACTION@DEVPATH}; the same values follow as properties. */
    private static Optional<Uevent> parseKernel(byte[] buf, int length) {
        int headerEnd = indexOfNul(buf, 0, length);
        int at = indexOf(buf, (byte) '@', 0, headerEnd);
        if (at <= 0 || at == headerEnd - 1) {
            return Optional.empty();
        }
        return properties(buf, Math.min(headerEnd + 1, length), length)
                .flatMap(props -> event(UeventSource.KERNEL, props));
    }

    private static Optional<Uevent> event(UeventSource source, Map<String, String> props) {
        String action = props.get("ACTION");
        String devpath = props.get("DEVPATH");
        if (action == null || action.isEmpty() || devpath == null || devpath.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Uevent(source, action, devpath, props));
    }

    /** NUL-separated {@code KEY=VAL} strings; empty strings are skipped as udev does. */
    private static Optional<Map<String, String>> properties(byte[] buf, int from, int to) {
        Map<String, String> props = new LinkedHashMap<>();
        int pos = from;
        while (pos < to) {
            int end = indexOfNul(buf, pos, to);
            if (end > pos) {
                int eq = indexOf(buf, (byte) '=', pos, end);
                if (eq <= pos) {
                    return Optional.empty();
                }
                props.put(text(buf, pos, eq), text(buf, eq + 1, end));
            }
            pos = end + 1;
        }
        return Optional.of(props);
    }

    private static String text(byte[] buf, int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.UTF_8);
    }

    private static boolean startsWith(byte[] buf, int length, byte[] prefix) {
        return length >= prefix.length && Arrays.equals(buf, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** Position of the next NUL, or {@code to} when the last string is unterminated. */
    private static int indexOfNul(byte[] buf, int from, int to) {
        int nul = indexOf(buf, (byte) 0, from, to);
        return nul < 0 ? to : nul;
    }

    private static int indexOf(byte[] buf, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
