package io.hactl.log;

import io.hactl.state.Proposal;
import io.hactl.text.ControlChars;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How one transition log line reads for a person (shared by {@code hactl history} and
 * {@code hactl report}): a short label ({@code STATE}, {@code PROPOSAL}, {@code ACK}...) and
 * what happened in a sentence; {@link #printable} escapes a line's control characters first. Tolerates absent fields (a line written by an older hactl, or
 * torn): what is missing is left out, never printed as "null".
 */
public final class EntryText {

    static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private EntryText() {
    }

    /**
     * {@code e} with the control characters of every text field escaped ({@link ControlChars}):
     * what history and report render, so a newline in a --reason or a comment cannot forge a
     * line and ESC cannot reach the terminal. The stored line stays exact.
     */
    public static TransitionEntry printable(TransitionEntry e) {
        if (e instanceof OperationEntry o) {
            return new OperationEntry(o.time(), esc(o.cluster()), o.event(), esc(o.operation()), esc(o.operationId()),
                    esc(o.step()), esc(o.node()), esc(o.result()), esc(o.detail()), esc(o.who()), esc(o.why()),
                    o.elapsedMs());
        }
        if (e instanceof StateEntry s) {
            return new StateEntry(s.time(), esc(s.cluster()), s.event(), esc(s.from()), esc(s.to()), esc(s.sentence()),
                    esc(s.evidence()), esc(s.who()), esc(s.why()));
        }
        if (e instanceof ProposalEntry p) {
            return new ProposalEntry(p.time(), esc(p.cluster()), p.event(), esc(p.operation()), esc(p.operationId()),
                    esc(p.node()), esc(p.result()), esc(p.detail()), esc(p.who()), esc(p.why()), esc(p.sentence()),
                    esc(p.evidence()), esc(p.proposalId()), printable(p.proposal()));
        }
        AlertEntry a = (AlertEntry) e;
        return new AlertEntry(a.time(), esc(a.cluster()), a.event(), esc(a.operation()), esc(a.channel()),
                esc(a.result()), esc(a.detail()), esc(a.who()), esc(a.why()), a.elapsedMs(), esc(a.from()), esc(a.to()),
                esc(a.sentence()), esc(a.proposalId()));
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

    /** An operation's line (issue 3's form, a row of history's table); every other line is a controller line. */
    public static boolean isOperationLine(TransitionEntry e) {
        return e instanceof OperationEntry;
    }

    /**
     * {@code STATE}, {@code PROPOSAL}, {@code ALERT FAILED}... : the event in capitals, dashes as
     * spaces; an acknowledgement that was refused is {@code ACK-REFUSED}, never a second {@code ACK}.
     */
    public static String label(TransitionEntry e) {
        if (refusedAck(e)) {
            return "ACK-REFUSED";
        }
        return e.event().json().replace('-', ' ').toUpperCase(Locale.ROOT);
    }

    /** An {@code ack} line whose result is {@code refused}: the operator's ack changed nothing (the log keeps the event name). */
    public static boolean refusedAck(TransitionEntry e) {
        return e instanceof ProposalEntry p && p.refused();
    }

    /** What a controller line says, in one line (an operation's line: its detail). */
    public static String what(TransitionEntry e) {
        if (e instanceof ProposalEntry p) {
            return what(p);
        }
        if (e instanceof StateEntry s) {
            return what(s);
        }
        if (e instanceof AlertEntry a) {
            return join(": ", join(" ", a.channel() == null ? null : "[" + a.channel() + "]",
                    transition(a.from(), a.to())), join("; ", a.sentence(), a.detail()));
        }
        return join("; ", ((OperationEntry) e).detail());
    }

    private static String what(StateEntry e) {
        return switch (e.event()) {
            case STATE -> join("  ", transition(e.from(), e.to()), e.sentence());
            case DIAGNOSIS, BLOCKED, REMINDER -> join("  ", e.to(), e.sentence());
            case UNBLOCK -> join(" ", "failover block lifted by " + orUnknown(e.who()),
                    e.why() == null ? null : "(" + e.why() + ")");
            case INTERRUPTED -> join(" ", "interrupted:", e.sentence());
            case CONTROLLER_START -> join(" ", "controller started", e.sentence());
            case CONTROLLER_STOP -> join(" ", "controller stopped", e.sentence());
            default -> join("; ", transition(e.from(), e.to()), e.sentence());     // app-state
        };
    }

    private static String what(ProposalEntry e) {
        Proposal p = e.proposal();
        String id = id(e);
        if (e.refused()) {
            // who tried, and why it was refused (the refusal is in detail, the operator's comment in why)
            return join(" ", join(": ", join(" ", id, kind(e), "by " + orUnknown(e.who())), e.detail()),
                    e.why() == null || e.why().isBlank() ? null : "(\"" + e.why() + "\")");
        }
        return switch (e.event()) {
            case PROPOSAL -> join(": ", join(" ", id, kind(e)), join("; ",
                    p == null ? e.sentence() : p.action() != null ? p.action() : p.sentence(),
                    risk(e) == null ? null : "risk: " + risk(e),
                    p == null || p.expiresAt() == null ? null : "expires " + CLOCK.format(p.expiresAt()) + " UTC",
                    p == null || p.runAt() == null ? null : "runs by itself at " + CLOCK.format(p.runAt())
                            + " UTC unless rejected"));
            case EXPIRE -> join(" ", id, kind(e), "expired unacknowledged");
            case WITHDRAW -> join(" ", id, kind(e), "withdrawn", comment(e) == null ? null : "(" + comment(e) + ")");
            default -> join(" ", id, kind(e), "by " + orUnknown(decidedBy(e)),     // ack, reject
                    comment(e) == null ? null : "\"" + comment(e) + "\"",
                    e.operationId() == null ? null : "-> operation " + e.operationId());
        };
    }

    /** {@code ACTIVE_SYNCED -> MASTER_DOWN}, {@code -> MASTER_DOWN}, or null. */
    static String transition(String from, String to) {
        if (from == null && to == null) {
            return null;
        }
        return (from == null ? "" : from + " ") + "-> " + (to == null ? "?" : to);
    }

    /** The proposal's id: the object's, else the line's. */
    static String id(ProposalEntry e) {
        return e.proposalId() != null ? e.proposalId() : e.proposal() == null ? null : e.proposal().id();
    }

    static String kind(ProposalEntry e) {
        if (e.proposal() != null && e.proposal().kind() != null) {
            String k = e.proposal().kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
            return e.proposal().node() == null ? k : k + " " + e.proposal().node();
        }
        return e.operation();
    }

    static String risk(ProposalEntry e) {
        return e.proposal() != null && e.proposal().risk() != null ? e.proposal().risk() : e.detail();
    }

    static String decidedBy(ProposalEntry e) {
        return e.proposal() != null && e.proposal().decidedBy() != null ? e.proposal().decidedBy() : e.who();
    }

    static String comment(ProposalEntry e) {
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
