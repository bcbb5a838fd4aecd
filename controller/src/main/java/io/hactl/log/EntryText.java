package io.hactl.log;

import io.hactl.log.TransitionEntry.Events;
import io.hactl.state.Proposal;
import io.hactl.text.ControlChars;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How one transition log line reads for a person (shared by {@code hactl history} and
 * {@code hactl report}): a short label ({@code STATE}, {@code PROPOSAL}, {@code ACK}...) and
 * what happened in a sentence; {@link #printable} escapes a line's control characters first. Tolerates absent fields (a line written by an older hactl, or
 * torn): what is missing is left out, never printed as "null".
 */
public final class EntryText {

    static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    /** The events written by operations (issue 3's form); every other event is a controller line. */
    static final Set<String> OPERATION_EVENTS = Set.of(Events.OPERATION_START, Events.STEP_START, Events.STEP_END,
            Events.NOTE, Events.OPERATION_END, Events.REFUSED);

    private EntryText() {
    }

    /**
     * {@code e} with the control characters of every text field escaped ({@link ControlChars}):
     * what history and report render, so a newline in a --reason or a comment cannot forge a
     * line and ESC cannot reach the terminal. The stored line stays exact.
     */
    public static TransitionEntry printable(TransitionEntry e) {
        return new TransitionEntry(e.time(), esc(e.cluster()), esc(e.event()), esc(e.operation()), esc(e.operationId()),
                esc(e.step()), esc(e.node()), esc(e.result()), esc(e.detail()), esc(e.who()), esc(e.why()), e.elapsedMs(),
                esc(e.from()), esc(e.to()), esc(e.sentence()), esc(e.evidence()), esc(e.proposalId()),
                printable(e.proposal()));
    }

    /** {@code p} with the control characters of every text field escaped; null stays null. */
    public static Proposal printable(Proposal p) {
        if (p == null) {
            return null;
        }
        return new Proposal(esc(p.id()), p.kind(), esc(p.node()), esc(p.master()), esc(p.action()), esc(p.sentence()),
                esc(p.evidence()), esc(p.risk()), p.createdAt(), p.expiresAt(), p.runAt(), p.status(), esc(p.decidedBy()),
                p.decidedAt(), esc(p.comment()));
    }

    private static String esc(String s) {
        return ControlChars.escape(s);
    }

    private static List<String> esc(List<String> l) {
        return l == null ? null : l.stream().map(ControlChars::escape).toList();
    }

    public static boolean isOperationLine(TransitionEntry e) {
        return e.event() == null || OPERATION_EVENTS.contains(e.event());
    }

    /**
     * {@code STATE}, {@code PROPOSAL}, {@code ALERT FAILED}... : the event in capitals, dashes as
     * spaces; an acknowledgement that was refused is {@code ACK-REFUSED}, never a second {@code ACK}.
     */
    public static String label(TransitionEntry e) {
        if (refusedAck(e)) {
            return "ACK-REFUSED";
        }
        return e.event() == null ? "?" : e.event().replace('-', ' ').toUpperCase(Locale.ROOT);
    }

    /** An {@code ack} line whose result is {@code refused}: the operator's ack changed nothing (the log keeps the event name). */
    public static boolean refusedAck(TransitionEntry e) {
        return Events.ACK.equals(e.event()) && "refused".equals(e.result());
    }

    /** What a controller line says, in one line. */
    public static String what(TransitionEntry e) {
        Proposal p = e.proposal();
        String id = e.proposalId() != null ? e.proposalId() : p == null ? null : p.id();
        String event = e.event() == null ? "" : e.event();
        if (refusedAck(e)) {
            // who tried, and why it was refused (the refusal is in detail, the operator's comment in why)
            return join(" ", join(": ", join(" ", id, kind(e), "by " + orUnknown(e.who())), e.detail()),
                    e.why() == null || e.why().isBlank() ? null : "(\"" + e.why() + "\")");
        }
        return switch (event) {
            case Events.STATE -> join("  ", transition(e), e.sentence());
            case Events.DIAGNOSIS, Events.BLOCKED, Events.REMINDER -> join("  ",
                    e.to() == null ? null : e.to(), e.sentence());
            case Events.PROPOSAL -> join(": ", join(" ", id, kind(e)), join("; ",
                    p == null ? e.sentence() : p.action() != null ? p.action() : p.sentence(),
                    risk(e) == null ? null : "risk: " + risk(e),
                    p == null || p.expiresAt() == null ? null : "expires " + CLOCK.format(p.expiresAt()) + " UTC",
                    p == null || p.runAt() == null ? null : "runs by itself at " + CLOCK.format(p.runAt())
                            + " UTC unless rejected"));
            case Events.ACK, Events.REJECT -> join(" ", id, kind(e), "by " + orUnknown(decidedBy(e)),
                    comment(e) == null ? null : "\"" + comment(e) + "\"",
                    e.operationId() == null ? null : "-> operation " + e.operationId());
            case Events.EXPIRE -> join(" ", id, kind(e), "expired unacknowledged");
            case Events.WITHDRAW -> join(" ", id, kind(e), "withdrawn", comment(e) == null ? null
                    : "(" + comment(e) + ")");
            case Events.UNBLOCK -> join(" ", "failover block lifted by " + orUnknown(e.who()),
                    e.why() == null ? null : "(" + e.why() + ")");
            case Events.INTERRUPTED -> join(" ", e.operation(), e.operationId(), "interrupted:",
                    join("; ", e.sentence(), e.detail()));
            case Events.CONTROLLER_START -> join(" ", "controller started", e.detail() == null ? e.sentence()
                    : e.detail());
            case Events.CONTROLLER_STOP -> join(" ", "controller stopped", e.detail() == null ? e.sentence()
                    : e.detail());
            case Events.ALERT, Events.ALERT_FAILED -> join(": ", join(" ", alertChannel(e), transition(e)),
                    join("; ", e.sentence(), e.detail()));
            default -> join("; ", transition(e), e.sentence(), e.detail());
        };
    }

    /** {@code ACTIVE_SYNCED -> MASTER_DOWN}, {@code -> MASTER_DOWN}, or null. */
    static String transition(TransitionEntry e) {
        if (e.from() == null && e.to() == null) {
            return null;
        }
        return (e.from() == null ? "" : e.from() + " ") + "-> " + (e.to() == null ? "?" : e.to());
    }

    /** The channel an alert went to, if the line names it ({@code node} or {@code step} field, issue 6). */
    static String alertChannel(TransitionEntry e) {
        String c = e.step() != null ? e.step() : e.node();
        return c == null ? null : "[" + c + "]";
    }

    static String kind(TransitionEntry e) {
        if (e.proposal() != null && e.proposal().kind() != null) {
            String k = e.proposal().kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
            return e.proposal().node() == null ? k : k + " " + e.proposal().node();
        }
        return e.operation();
    }

    static String risk(TransitionEntry e) {
        return e.proposal() != null && e.proposal().risk() != null ? e.proposal().risk() : e.detail();
    }

    static String decidedBy(TransitionEntry e) {
        return e.proposal() != null && e.proposal().decidedBy() != null ? e.proposal().decidedBy() : e.who();
    }

    static String comment(TransitionEntry e) {
        String c = e.proposal() != null && e.proposal().comment() != null ? e.proposal().comment() : e.why();
        return c == null || c.isBlank() ? null : c;
    }

    static String orUnknown(String s) {
        return s == null ? "(unknown)" : s;
    }

    /** The non-blank parts joined by {@code sep}; null when none. */
    static String join(String sep, String... parts) {
        List<String> kept = new ArrayList<>();
        for (String p : parts) {
            if (p != null && !p.isBlank()) {
                kept.add(p);
            }
        }
        return kept.isEmpty() ? null : String.join(sep, kept);
    }
}
