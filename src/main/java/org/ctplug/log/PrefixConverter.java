package org.ctplug.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Under systemd (JOURNAL_STREAM set: stderr is connected to journald) each line starts with a
 * sd-daemon(3) priority prefix such as {@code <3>}, so journald records the level and adds the
 * time itself; on a terminal the line starts with the level.
 */
public final class PrefixConverter extends ClassicConverter {
    private static final boolean JOURNAL = System.getenv("JOURNAL_STREAM") != null;

    @Override
    public String convert(ILoggingEvent event) {
        Level level = event.getLevel();
        if (JOURNAL) {
            return switch (level.toInt()) {
                case Level.ERROR_INT -> "<3>";
                case Level.WARN_INT -> "<4>";
                case Level.INFO_INT -> "<6>";
                default -> "<7>";
            };
        }
        return level.toString().toLowerCase(java.util.Locale.ROOT) + ": ";
    }
}
