package org.ctplug.device;

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

    /** After an overflow events were lost: from now on udev's database decides again, until new events come. */
    public synchronized void forget() {
        present.clear();
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
