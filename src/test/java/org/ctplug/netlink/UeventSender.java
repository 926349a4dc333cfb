package org.ctplug.netlink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ctplug.sys.Errno;
import org.ctplug.sys.ErrnoException;
import org.ctplug.sys.FileCalls;
import org.ctplug.sys.SocketCalls;

/**
 * Multicasts uevent datagrams the way the kernel and systemd-udevd format them, so tests
 * can stand in for a device. Sending to a group needs CAP_NET_ADMIN.
 */
public final class UeventSender implements AutoCloseable {

    private final int fd;
    private final AtomicBoolean closed = new AtomicBoolean();

    private UeventSender(int fd) {
        this.fd = fd;
    }

    public static UeventSender open() throws IOException {
        return new UeventSender(Netlink.openUevent(0));
    }

    /** The netlink port id receivers see as this sender's. */
    public int portId() throws IOException {
        return Netlink.portId(fd);
    }

    /** Multicast to the lowest group of the mask; the kernel needs CAP_NET_ADMIN for it. */
    public void send(int groupMask, byte[] message) throws IOException {
        try {
            SocketCalls.sendto(fd, message, 0, Netlink.address(groupMask), "netlink groups " + groupMask);
        } catch (ErrnoException e) {
            // udevd ignores ECONNREFUSED as well: it only means nobody listens
            if (e.errno() != Errno.ECONNREFUSED) {
                throw e;
            }
        }
    }

    /** A message as udevd sends it after processing an event: header, then properties. */
    public static byte[] udevMessage(String action, String devpath, Map<String, String> props) {
        Map<String, String> all = withActionAndDevpath(action, devpath, props);
        byte[] properties = properties(all);
        ByteBuffer buf = ByteBuffer.allocate(UdevHeader.SIZE + properties.length).order(ByteOrder.nativeOrder());
        buf.put(UdevHeader.PREFIX);
        buf.order(ByteOrder.BIG_ENDIAN).putInt(UdevHeader.MAGIC_OFFSET, UdevHeader.MAGIC);
        buf.order(ByteOrder.nativeOrder())
                .putInt(UdevHeader.HEADER_SIZE_OFFSET, UdevHeader.SIZE)
                .putInt(UdevHeader.PROPERTIES_OFF_OFFSET, UdevHeader.SIZE)
                .putInt(UdevHeader.PROPERTIES_LEN_OFFSET, properties.length);
        long bloom = tagBloom(all.getOrDefault("TAGS", ""));
        buf.order(ByteOrder.BIG_ENDIAN)
                .putInt(UdevHeader.SUBSYSTEM_HASH_OFFSET, hashOf(all.get("SUBSYSTEM")))
                .putInt(UdevHeader.DEVTYPE_HASH_OFFSET, hashOf(all.get("DEVTYPE")))
                .putInt(UdevHeader.TAG_BLOOM_HI_OFFSET, (int) (bloom >>> 32))
                .putInt(UdevHeader.TAG_BLOOM_LO_OFFSET, (int) bloom);
        buf.position(UdevHeader.SIZE);
        buf.put(properties);
        return buf.array();
    }

    /** A message as the kernel sends it: {@code ACTION@DEVPATH}, then properties. */
    public static byte[] kernelMessage(String action, String devpath, Map<String, String> props) {
        byte[] header = (action + "@" + devpath + "\0").getBytes(StandardCharsets.UTF_8);
        byte[] properties = properties(withActionAndDevpath(action, devpath, props));
        ByteBuffer buf = ByteBuffer.allocate(header.length + properties.length);
        return buf.put(header).put(properties).array();
    }

    private static Map<String, String> withActionAndDevpath(String action, String devpath, Map<String, String> props) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("ACTION", action);
        all.put("DEVPATH", devpath);
        props.forEach((key, value) -> {
            if (!all.containsKey(key)) {
                all.put(key, value);
            }
        });
        return all;
    }

    private static byte[] properties(Map<String, String> props) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        props.forEach((key, value) -> {
            if (key.isEmpty() || key.indexOf('=') >= 0 || key.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("not a uevent property: " + key);
            }
            out.writeBytes((key + "=" + value + "\0").getBytes(StandardCharsets.UTF_8));
        });
        return out.toByteArray();
    }

    private static int hashOf(String value) {
        return value == null ? 0 : UdevHeader.hash32(value);
    }

    /** TAGS is {@code :tag1:tag2:}; udevd ORs the bloom bits of every tag. */
    private static long tagBloom(String tags) {
        long bloom = 0;
        for (String tag : tags.split(":")) {
            if (!tag.isEmpty()) {
                bloom |= UdevHeader.bloom64(tag);
            }
        }
        return bloom;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            FileCalls.close(fd);
        }
    }
}
