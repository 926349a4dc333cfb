package org.ctplug.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What udev handled before it loaded ctplug's rules, as the kernel's sequence numbers place it. */
class KernelEventsTest {
    static final String STICK = "/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/tty/ttyACM0";
    static final String DISK = "/devices/virtual/block/zram1";

    @TempDir
    Path root;

    @Test
    void untilThisDaemonLoadsRulesNothingCountsAsHandledBeforeThem() {
        KernelEvents events = KernelEvents.recording();
        events.handled(STICK, "add", 10, Optional.empty());
        assertThat(events.handledBeforeRules()).isEmpty();
    }

    @Test
    void eventsUpToTheLoadCountAsBeforeItWithTheEntryUdevGaveThemAndLaterOnesDoNot() {
        KernelEvents events = KernelEvents.recording();
        events.handled(STICK, "add", 10, Optional.empty());
        events.handled(DISK, "add", 11, Optional.of("scratch::0660:disk"));
        events.rulesLoaded(11);
        assertThat(events.handledBeforeRules()).isEqualTo(Map.of(STICK, Optional.empty(), DISK, Optional.of("scratch::0660:disk")));

        // the replay's event: handled with the rules loaded
        events.handled(STICK, "add", 12, Optional.of("zigbee:ttyZigbee:0660:dialout"));
        assertThat(events.handledBeforeRules()).containsOnlyKeys(DISK);

        events.rulesLoaded(5);
        assertThat(events.handledBeforeRules()).as("a load is never placed earlier").containsOnlyKeys(DISK);
        events.rulesLoaded(12);
        assertThat(events.handledBeforeRules()).as("a later load: the replay came before it")
                .containsOnlyKeys(STICK, DISK);
    }

    @Test
    void aRemoveOrAnOverflowForgetsWhatUdevHandledAndAnEventWithoutANumberIsAfterEveryLoad() {
        KernelEvents events = KernelEvents.recording();
        events.handled(STICK, "add", 10, Optional.empty());
        events.handled(DISK, "add", 11, Optional.empty());
        events.handled(DISK, "remove", 13, Optional.empty());
        events.rulesLoaded(20);
        assertThat(events.handledBeforeRules()).containsOnlyKeys(STICK);

        events.forget();
        assertThat(events.handledBeforeRules()).isEmpty();

        events.handled(STICK, "change", Long.MAX_VALUE, Optional.empty());
        events.rulesLoaded(30);
        assertThat(events.handledBeforeRules()).isEmpty();
    }

    @Test
    void theLoadIsPlacedAtTheKernelsNumberReadFromSysfsOrAtTheHighestUdevBroughtWithoutIt() throws Exception {
        KernelEvents events = KernelEvents.recording();
        events.handled(STICK, "add", 40, Optional.empty());
        events.handled(DISK, "add", 41, Optional.empty());
        events.rulesLoadedBy(root);
        assertThat(events.handledBeforeRules()).containsOnlyKeys(STICK, DISK);

        KernelEvents read = KernelEvents.recording();
        read.handled(STICK, "add", 40, Optional.empty());
        read.handled(DISK, "add", 41, Optional.empty());
        Files.createDirectories(root.resolve("sys/kernel"));
        Files.writeString(root.resolve("sys/kernel/uevent_seqnum"), "40\n");
        read.rulesLoadedBy(root);
        assertThat(read.handledBeforeRules()).containsOnlyKeys(STICK);

        Files.writeString(root.resolve("sys/kernel/uevent_seqnum"), "forty\n");
        assertThatThrownBy(() -> read.rulesLoadedBy(root)).hasMessageContaining("uevent_seqnum")
                .hasMessageContaining("forty");
    }

    @Test
    void theSharedEmptyRecordTakesNoUdevEvents() {
        assertThatThrownBy(() -> KernelEvents.none().handled(STICK, "add", 1, Optional.empty()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(KernelEvents.none().handledBeforeRules()).isEmpty();
    }
}
