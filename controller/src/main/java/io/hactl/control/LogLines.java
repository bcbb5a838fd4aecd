package io.hactl.control;

import io.hactl.log.EntryText;
import io.hactl.log.TransitionEntry;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One controller line of the transition log as the daemon prints it on its standard output
 * (its journal): the same words as {@code hactl history} ({@link EntryText}), with the time.
 */
final class LogLines {

    private static final DateTimeFormatter T = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private LogLines() {
    }

    static String line(TransitionEntry e) {
        String what = EntryText.what(e);
        return T.format(e.time()) + " " + EntryText.label(e) + (what == null || what.isBlank() ? "" : "  " + what);
    }
}
