package org.ctplug.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.LayoutBase;

/**
 * One line per event. Under systemd (JOURNAL_STREAM set: stderr is connected to journald) the
 * line starts with a sd-daemon(3) priority prefix such as {@code <3>}, so journald records the
 * level and adds the time itself; on a terminal it starts with the level's name.
 */
final class JournalLayout extends LayoutBase<ILoggingEvent> {
    private final boolean journal;

    JournalLayout(boolean journal) {
        this.journal = journal;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(prefix(event.getLevel())).append(event.getFormattedMessage());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            line.append("\n  ").append(t.getClassName()).append(": ").append(t.getMessage());
            for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                line.append("\n    ").append(frame.getSTEAsString());
            }
        }
        return line.append('\n').toString();
    }

    private String prefix(Level level) {
        if (!journal) {
            return level.toString().toLowerCase(java.util.Locale.ROOT) + ": ";
        }
        return switch (level.toInt()) {
            case Level.ERROR_INT -> "<3>";
            case Level.WARN_INT -> "<4>";
            case Level.INFO_INT -> "<6>";
            default -> "<7>";
        };
    }
}
