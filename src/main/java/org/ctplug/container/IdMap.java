package org.ctplug.container;

import java.util.List;
import java.util.Optional;

/**
 * The host ids container uid 0 and gid 0 map to, and how many ids follow: container id {@code n}
 * is host id {@code base + n} for {@code n < count}.
 */
public record IdMap(long hostUidBase, long hostGidBase, long count) {
    /** What Proxmox uses for {@code unprivileged: 1} when the config has no lxc.idmap lines. */
    public static final IdMap PROXMOX_DEFAULT = new IdMap(100000, 100000, 65536);

    public IdMap {
        if (hostUidBase < 0 || hostGidBase < 0 || count <= 0) {
            throw new IllegalArgumentException("bad id map: " + hostUidBase + " " + hostGidBase + " " + count);
        }
    }

    public long hostUid(long containerUid) {
        return hostUidBase + inRange(containerUid);
    }

    public long hostGid(long containerGid) {
        return hostGidBase + inRange(containerGid);
    }

    private long inRange(long id) {
        if (id < 0 || id >= count) {
            throw new IllegalArgumentException("id " + id + " is outside the container's map of " + count);
        }
        return id;
    }

    /**
     * The ranges that start at container id 0 among {@code lxc.idmap} values ({@code u 0 100000
     * 65536}). Split maps (a host id passed through in the middle) are reduced to their first
     * range. When only one kind is given it stands for both.
     */
    static Optional<IdMap> fromIdmapLines(List<String> values) {
        Optional<long[]> u = range(values, "u");
        Optional<long[]> g = range(values, "g");
        if (u.isEmpty() && g.isEmpty()) {
            return Optional.empty();
        }
        long[] uid = u.orElseGet(g::get);
        long[] gid = g.orElseGet(u::get);
        return Optional.of(new IdMap(uid[0], gid[0], Math.min(uid[1], gid[1])));
    }

    private static Optional<long[]> range(List<String> values, String kind) {
        for (String value : values) {
            String[] f = value.strip().split("\\s+");
            if (f.length == 4 && f[0].equals(kind) && f[1].equals("0")) {
                try {
                    long host = Long.parseLong(f[2]);
                    long count = Long.parseLong(f[3]);
                    if (host >= 0 && count > 0) {
                        return Optional.of(new long[] {host, count});
                    }
                } catch (NumberFormatException e) {
                    // liblxc refuses such a line; treat it as absent
                }
            }
        }
        return Optional.empty();
    }
}
