package org.ctplug.netlink;

import java.nio.charset.StandardCharsets;

/**
 * Layout of the header systemd-udevd puts in front of the properties it multicasts
 * ({@code struct monitor_netlink_header} in systemd's sd-device/device-monitor.c):
 * the prefix {@code "libudev\0"}, the magic 0xfeedcafe in network order, then header size,
 * properties offset and properties length in host order, then the subsystem hash,
 * devtype hash and tag bloom filter halves, which udevd stores in network order so that
 * libudev listeners can match them with socket filters.
 */
final class UdevHeader {

    static final byte[] PREFIX = "libudev\0".getBytes(StandardCharsets.US_ASCII);
    static final int MAGIC = 0xfeedcafe;
    static final int SIZE = 40;
    static final int MAGIC_OFFSET = 8;
    static final int HEADER_SIZE_OFFSET = 12;
    static final int PROPERTIES_OFF_OFFSET = 16;
    static final int PROPERTIES_LEN_OFFSET = 20;
    static final int SUBSYSTEM_HASH_OFFSET = 24;
    static final int DEVTYPE_HASH_OFFSET = 28;
    static final int TAG_BLOOM_HI_OFFSET = 32;
    static final int TAG_BLOOM_LO_OFFSET = 36;

    private UdevHeader() {
    }

    /** systemd's string_hash32: MurmurHash2 with seed 0, words read in host (little-endian) order. */
    static int hash32(String s) {
        byte[] data = s.getBytes(StandardCharsets.UTF_8);
        final int m = 0x5bd1e995;
        int len = data.length;
        int h = len;
        int i = 0;
        while (len >= 4) {
            int k = (data[i] & 0xff) | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff) << 16 | (data[i + 3] & 0xff) << 24;
            k *= m;
            k ^= k >>> 24;
            k *= m;
            h *= m;
            h ^= k;
            i += 4;
            len -= 4;
        }
        if (len == 3) {
            h ^= (data[i + 2] & 0xff) << 16;
        }
        if (len >= 2) {
            h ^= (data[i + 1] & 0xff) << 8;
        }
        if (len >= 1) {
            h ^= data[i] & 0xff;
            h *= m;
        }
        h ^= h >>> 13;
        h *= m;
        h ^= h >>> 15;
        return h;
    }

    /** systemd's string_bloom64: four bits chosen by 6-bit slices of the tag's hash. */
    static long bloom64(String tag) {
        int hash = hash32(tag);
        long bits = 0;
        for (int shift = 0; shift <= 18; shift += 6) {
            bits |= 1L << ((hash >>> shift) & 63);
        }
        return bits;
    }
}
