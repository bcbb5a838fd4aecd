package io.hactl.control;

import io.hactl.log.TransitionEntry;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** One transition log line as the daemon prints it on its standard output (its journal). */
final class LogLines {

    private static final DateTimeFormatter T = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private LogLines() {
    }

    static String line(TransitionEntry e) {
        StringBuilder b = new StringBuilder(T.format(e.time())).append(' ').append(e.event());
        if (TransitionEntry.Events.CONTROLLER_START.equals(e.event()) || TransitionEntry.Events.CONTROLLER_STOP.equals(e.event())) {
            return b.append(": ").append(e.sentence()).toString();
        }
        if (e.from() != null || e.to() != null) {
            b.append(' ').append(e.from() == null ? "" : e.from() + " -> ").append(e.to());
        }
        if (e.proposalId() != null) {
            b.append(' ').append(e.proposalId());
        }
        if (e.sentence() != null) {
            b.append(": ").append(e.sentence());
        } else if (e.detail() != null) {
            b.append(": ").append(e.detail());
        }
        if (e.who() != null && !ControlLoop.ACTOR.equals(e.who())) {
            b.append(" [by ").append(e.who()).append(e.why() == null ? "" : "; " + e.why()).append(']');
        }
        return b.toString();
    }
}
