package org.ctplug.device;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last {@code add} or {@code remove} the kernel announced for each device since the daemon
 * started or last resynced, which decides whether a device is present.
 *
 * <p>A device is present when its sysfs entry exists and the last kernel event seen for it is not
 * {@code remove}. The kernel announces a device once sysfs holds every attribute ctplug matches
 * on, so the container side can act at once; udevd's work (its database entry, links and
 * permissions on the host) follows a few milliseconds later, and is not waited for. When no event
 * was seen since the start or the last resync, and udevd runs, udev's database entry decides:
 * udev writes it when it has handled an {@code add} and deletes it when it handles a
 * {@code remove}. A real unplug (the sysfs entry goes) and a synthetic {@code remove} written to
 * a device's {@code uevent} file (the entry stays) thus both make the device absent.
 */
public final class KernelEvents {
    private static final KernelEvents NONE = new KernelEvents();

    private final Map<String, Boolean> present = new ConcurrentHashMap<>();
    /** udev's last processed event for each device: its sequence number and ctplug rule. */
    private final Map<String, Handled> handled = new ConcurrentHashMap<>();
    /** The kernel's sequence number when udev last loaded ctplug's rules; 0 while this daemon loaded none. */
    private volatile long rulesLoadedAt;

    /**
     * udev's last processed event for a device: the sequence number of the kernel event it
     * handled, and the mark of the ctplug rule that gave the device its host side (none: no rule
     * of ctplug's matched; see {@code RulesRenderer.mark}).
     */
    private record Handled(long seqnum, Optional<String> rule) {}
    /** Devices events named since the last {@link #drain()}; null when all must be read again. */
    private Set<String> touched;

    /** No event seen, ever: presence as sysfs and udev's database say (one-shot commands). */
    public static KernelEvents none() {
        return NONE;
    }

    public static KernelEvents recording() {
        return new KernelEvents();
    }

    /** Notes a kernel event for {@code devpath}; actions other than add and remove say nothing of presence. */
    public void record(String devpath, String action) {
        if (this == NONE) {
            throw new IllegalStateException("the shared empty record takes no events");
        }
        switch (action) {
            case "add" -> present.put(devpath, true);
            case "remove" -> present.put(devpath, false);
            default -> { }
        }
        touched(devpath);
    }

    /** An event named {@code devpath} (udev's processed ones too: they bring the device's links). */
    public synchronized void touched(String devpath) {
        if (touched != null) {
            touched.add(devpath);
        }
    }

    /**
     * Notes udev's processed event for {@code devpath}: the kernel's sequence number it handled
     * and the mark of the ctplug rule udev gave the device.
     */
    public void handled(String devpath, String action, long seqnum, Optional<String> rule) {
        if (this == NONE) {
            throw new IllegalStateException("the shared empty record takes no events");
        }
        if (action.equals("remove")) {
            handled.remove(devpath);
        } else {
            handled.put(devpath, new Handled(seqnum, rule));
        }
        touched(devpath);
    }

    /**
     * udev loaded rules of ctplug's that a kernel event later than {@code seqnum} is handled
     * with. An event udev handled up to that number may have had the rules before: udev's
     * reload keeps a worker busy with an event on the old ones, and a device that came while
     * ctplug was writing the file was handled without it.
     */
    public void rulesLoaded(long seqnum) {
        rulesLoadedAt = Math.max(rulesLoadedAt, seqnum);
    }

    /**
     * As {@link #rulesLoaded(long)}, at the kernel's sequence number now (read under
     * {@code root}); a later read than the load itself only makes more events count as before it.
     * Without the file, the highest number udev's events brought so far.
     */
    public void rulesLoadedBy(Path root) throws IOException {
        Path file = root.resolve("sys/kernel/uevent_seqnum");
        Optional<String> now = SysfsFiles.kernel(file);
        long seqnum = 0;
        if (now.isPresent()) {
            try {
                seqnum = Long.parseLong(now.get());
            } catch (NumberFormatException e) {
                throw new IOException(file + ": not a number: " + now.get());
            }
        } else {
            for (Handled h : handled.values()) {
                seqnum = h.seqnum() == Long.MAX_VALUE ? seqnum : Math.max(seqnum, h.seqnum());
            }
        }
        rulesLoaded(seqnum);
    }

    /**
     * The devices whose last processed event udev handled before it last loaded ctplug's rules,
     * with the mark of the rule it gave each: a device whose entry now gives another host side
     * (another entry, or its link, mode or group changed, or one when it got none) still has
     * the host side of rules that are gone, and must be replayed. The replay's own
     * event comes after the load, so a device udev's rules really do not match is replayed once.
     */
    public Map<String, Optional<String>> handledBeforeRules() {
        long loaded = rulesLoadedAt;
        if (loaded == 0) {
            return Map.of();
        }
        Map<String, Optional<String>> before = new java.util.HashMap<>();
        handled.forEach((devpath, h) -> {
            if (h.seqnum() <= loaded) {
                before.put(devpath, h.rule());
            }
        });
        return before;
    }

    /** After an overflow events were lost: from now on udev's database decides again, until new events come. */
    public synchronized void forget() {
        present.clear();
        handled.clear();
        touched = null;
    }

    /**
     * Events may have been lost without ENOBUFS (an unreadable message, a receive error, the
     * end of an overflow's drain): every device is read again at the next reconcile, while what
     * the kernel said of the devices it did announce still stands.
     */
    public synchronized void resync() {
        touched = null;
    }

    /**
     * The devices events named since the last call, which are all that can have changed; empty
     * when every device must be read: the first call, after an overflow, and always for
     * {@link #none()}, which sees no events.
     */
    public synchronized Optional<Set<String>> drain() {
        if (this == NONE) {
            return Optional.empty();
        }
        Optional<Set<String>> changed = Optional.ofNullable(touched).map(Set::copyOf);
        touched = new HashSet<>();
        return changed;
    }

    /** What the last kernel event said of {@code devpath}; empty when none was seen. */
    public Optional<Boolean> present(String devpath) {
        return Optional.ofNullable(present.get(devpath));
    }
}
