package org.ctplug.container;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * A container's user namespace maps, as its {@code lxc.idmap} lines give them: container id
 * {@code n} is host id {@code host + (n - container)} in the range that holds it. A map may be
 * split, as the Proxmox recipe that passes host gid 20 through ({@code g 0 100000 20},
 * {@code g 20 20 1}, {@code g 21 100021 65515}); an id in no range has no host id at all, and
 * the kernel shows a file owned by an unmapped id as nobody/nogroup (user_namespaces(7)).
 */
public record IdMap(List<Range> uids, List<Range> gids) {
    /** {@code count} container ids from {@code container} on are host ids from {@code host} on. */
    public record Range(long container, long host, long count) {
        public Range {
            if (container < 0 || host < 0 || count <= 0) {
                throw new IllegalArgumentException("bad id range: " + container + " " + host + " " + count);
            }
        }

        OptionalLong host(long id) {
            return id >= container && id - container < count ? OptionalLong.of(host + (id - container))
                    : OptionalLong.empty();
        }

        @Override
        public String toString() {
            return count == 1 ? String.valueOf(container) : container + "-" + (container + count - 1);
        }
    }

    /** What Proxmox uses for {@code unprivileged: 1} when the config has no lxc.idmap lines. */
    public static final IdMap PROXMOX_DEFAULT = new IdMap(List.of(new Range(0, 100000, 65536)),
            List.of(new Range(0, 100000, 65536)));

    public IdMap {
        uids = List.copyOf(Objects.requireNonNull(uids, "uids"));
        gids = List.copyOf(Objects.requireNonNull(gids, "gids"));
    }

    /** The host uid of a container uid; empty when no range maps it. */
    /**
     * The host uid a container uid has: itself in a privileged container (no map), empty where no
     * range of the map holds it. The planner and the node check translate through this one place.
     */
    public static OptionalLong hostUid(Optional<IdMap> map, long containerUid) {
        return map.isPresent() ? map.get().hostUid(containerUid) : OptionalLong.of(containerUid);
    }

    public static OptionalLong hostGid(Optional<IdMap> map, long containerGid) {
        return map.isPresent() ? map.get().hostGid(containerGid) : OptionalLong.of(containerGid);
    }

    public OptionalLong hostUid(long containerUid) {
        return lookup(uids, containerUid);
    }

    public OptionalLong hostGid(long containerGid) {
        return lookup(gids, containerGid);
    }

    /** The container ids the uid ranges cover, for messages: "0-19, 21-65535". */
    public String describeUids() {
        return describe(uids);
    }

    public String describeGids() {
        return describe(gids);
    }

    private static OptionalLong lookup(List<Range> ranges, long id) {
        for (Range r : ranges) {
            OptionalLong host = r.host(id);
            if (host.isPresent()) {
                return host;
            }
        }
        return OptionalLong.empty();
    }

    private static String describe(List<Range> ranges) {
        return ranges.isEmpty() ? "none" : ranges.stream().sorted(java.util.Comparator.comparingLong(Range::container))
                .map(Range::toString).collect(Collectors.joining(", "));
    }

    /**
     * Every {@code u} and {@code g} range among {@code lxc.idmap} values ({@code u 0 100000
     * 65536}), in file order. When only one kind is given it stands for both. Lines liblxc would
     * refuse (not four fields, not numbers, an empty range) are left out.
     */
    static Optional<IdMap> fromIdmapLines(List<String> values) {
        List<Range> u = ranges(values, "u");
        List<Range> g = ranges(values, "g");
        if (u.isEmpty() && g.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new IdMap(u.isEmpty() ? g : u, g.isEmpty() ? u : g));
    }

    private static List<Range> ranges(List<String> values, String kind) {
        List<Range> out = new ArrayList<>();
        for (String value : values) {
            String[] f = value.strip().split("\\s+");
            if (f.length == 4 && f[0].equals(kind)) {
                try {
                    long container = Long.parseLong(f[1]);
                    long host = Long.parseLong(f[2]);
                    long count = Long.parseLong(f[3]);
                    if (container >= 0 && host >= 0 && count > 0) {
                        out.add(new Range(container, host, count));
                    }
                } catch (NumberFormatException e) {
                    // liblxc refuses such a line; treat it as absent
                }
            }
        }
        return List.copyOf(out);
    }
}
