package io.hactl.notify;

import io.hactl.model.DurationText;
import io.hactl.state.Proposal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The words of an alert: the plain-text body of an email, and the same for chat (Slack mrkdwn). */
public final class AlertText {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'")
            .withZone(ZoneOffset.UTC);

    private AlertText() {
    }

    /** The plain-text body of an email. */
    public static String plain(Alert a) {
        StringBuilder b = new StringBuilder();
        b.append(a.subject()).append("\n\n");
        b.append(what(a)).append("\n");
        if (a.sentence() != null && !a.sentence().isBlank()) {
            b.append(a.sentence()).append("\n");
        }
        if (!a.evidence().isEmpty()) {
            b.append("\nEvidence:\n");
            a.evidence().forEach(e -> b.append("  - ").append(e).append("\n"));
        }
        if (a.proposal() != null) {
            Proposal p = a.proposal();
            b.append("\nProposal ").append(p.id()).append(" (").append(status(p)).append("): ")
                    .append(p.action()).append("\n");
            if (p.risk() != null) {
                b.append("  Risk:    ").append(p.risk()).append("\n");
            }
            if (a.awaitsConfirmation()) {
                if (p.runAt() != null) {
                    b.append("  Runs by itself at ").append(TIME.format(p.runAt())).append(" unless rejected\n");
                }
                if (p.expiresAt() != null) {
                    b.append("  Expires: ").append(TIME.format(p.expiresAt())).append("\n");
                }
                b.append("  Confirm: ").append(a.confirmCommand()).append("   (or ").append(a.confirmApi()).append(")\n");
                b.append("  Reject:  ").append(a.rejectCommand()).append("\n");
            }
        }
        String flaps = flaps(a);
        if (flaps != null) {
            b.append("\n").append(flaps).append("\n");
        }
        b.append("\nTime: ").append(TIME.format(a.time())).append("\n");
        b.append("-- \nhactl controller, cluster ").append(a.cluster()).append("\n");
        return b.toString();
    }

    /** The chat form: Slack's mrkdwn (also read by Mattermost and Rocket.Chat). */
    public static String mrkdwn(Alert a) {
        StringBuilder b = new StringBuilder();
        b.append("*").append(slack(a.subject())).append("*\n");
        b.append(slack(what(a))).append("\n");
        if (a.sentence() != null && !a.sentence().isBlank()) {
            b.append(slack(a.sentence())).append("\n");
        }
        a.evidence().forEach(e -> b.append("• ").append(slack(e)).append("\n"));
        if (a.proposal() != null) {
            Proposal p = a.proposal();
            b.append("*Proposal ").append(slack(p.id())).append("* (").append(status(p)).append("): ")
                    .append(slack(p.action())).append("\n");
            if (p.risk() != null) {
                b.append("Risk: ").append(slack(p.risk())).append("\n");
            }
            if (a.awaitsConfirmation()) {
                b.append("Confirm: `").append(a.confirmCommand()).append("` (or `").append(a.confirmApi())
                        .append("`), reject: `").append(a.rejectCommand()).append("`\n");
            }
        }
        String flaps = flaps(a);
        if (flaps != null) {
            b.append("_").append(slack(flaps)).append("_\n");
        }
        b.append(TIME.format(a.time()));
        return b.toString();
    }

    /** One line on what kind of message this is. */
    static String what(Alert a) {
        String states = a.from() != null && a.to() != null ? a.from() + " → " + a.to()
                : a.to() != null ? String.valueOf(a.to()) : null;
        return switch (a.kind()) {
            case STATE_CHANGE -> "State change: " + states + ".";
            case PROPOSAL -> "A proposal waits for an operator" + (states == null ? "." : " (state " + states + ").");
            case ACK -> "Proposal acknowledged: its operation runs now.";
            case REJECT -> "Proposal not carried out.";
            case OPERATION_END -> "Operation ended.";
            case INTERRUPTED -> "An operation started and never finished: the pair may be half switched;"
                    + " run hactl check and hactl history.";
            case REMINDER -> "Reminder: " + (a.to() == null ? a.title() : a.to().name()) + " still stands"
                    + (a.since() == null ? "" : " (since " + TIME.format(a.since()) + ", "
                    + DurationText.compact(Duration.between(a.since(), a.time())) + ")") + ".";
            case RECOVERY -> "Recovered: " + states + (a.since() == null ? "" : " after "
                    + DurationText.compact(Duration.between(a.since(), a.time()))) + ".";
            case TEST -> "Test message.";
            case QUORUM_LOST -> "ZooKeeper quorum lost: no controller leads, nothing is proposed or run on the pair"
                    + " until a majority of the ZooKeeper members serves again.";
            case QUORUM_BACK -> "ZooKeeper quorum back" + (a.since() == null ? "" : " after "
                    + DurationText.compact(Duration.between(a.since(), a.time()))) + ".";
        };
    }

    private static String flaps(Alert a) {
        if (a.suppressedFlaps() <= 0) {
            return null;
        }
        return "Flapping: " + a.suppressedFlaps() + " change(s) of this condition were held back"
                + " (it came back soon after clearing); see hactl history for each one.";
    }

    private static String status(Proposal p) {
        return p.status() == null ? "pending" : p.status().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Slack's three escapes (https://api.slack.com/reference/surfaces/formatting#escaping). */
    static String slack(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
