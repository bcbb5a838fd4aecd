package io.hactl.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hactl.state.Proposal;
import java.util.Locale;

/**
 * The JSON forms: hactl's own payload (the generic webhook and the command hook's stdin,
 * documented in docs/alerts.md), Slack's {@code {"text": ...}} and a Teams Adaptive Card.
 */
public final class AlertJson {

    /** Bumped when a field changes meaning or goes away (new fields may be added without it). */
    public static final int VERSION = 1;

    static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertJson() {
    }

    /** Every field of the alert (docs/alerts.md, "Generic JSON"). */
    public static ObjectNode generic(Alert a) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("version", VERSION);
        o.put("source", "hactl");
        o.put("cluster", a.cluster());
        o.put("time", AlertText.iso(a.time()));
        o.put("kind", a.kindName());
        o.put("severity", a.severityLabel().toLowerCase(Locale.ROOT));
        o.put("from", a.from() == null ? null : a.from().name());
        o.put("to", a.to() == null ? null : a.to().name());
        o.put("title", a.title());
        o.put("subject", a.subject());
        o.put("sentence", a.sentence());
        ArrayNode ev = o.putArray("evidence");
        a.evidence().forEach(ev::add);
        if (a.proposal() == null) {
            o.putNull("proposal");
        } else {
            Proposal p = a.proposal();
            ObjectNode po = o.putObject("proposal");
            po.put("id", p.id());
            po.put("kind", p.kind().name().toLowerCase(Locale.ROOT));
            po.put("status", p.status() == null ? null : p.status().name().toLowerCase(Locale.ROOT));
            po.put("node", p.node());
            po.put("master", p.master());
            po.put("action", p.action());
            po.put("risk", p.risk());
            po.put("created_at", AlertText.iso(p.createdAt()));
            po.put("expires_at", AlertText.iso(p.expiresAt()));
            po.put("run_at", AlertText.iso(p.runAt()));
            po.put("decided_by", p.decidedBy());
            po.put("comment", p.comment());
            po.put("confirm_command", a.confirmCommand());
            po.put("confirm_api", a.confirmApi());
            po.put("reject_command", a.rejectCommand());
            po.put("reject_api", "POST /api/proposals/" + p.id() + "/reject");
        }
        o.put("dedup_key", a.dedupKey());
        o.put("suppressed_flaps", a.suppressedFlaps());
        o.put("since", AlertText.iso(a.since()));
        o.put("text", AlertText.plain(a));
        return o;
    }

    /** Slack incoming webhook (and Mattermost, Rocket.Chat): {@code {"text": "<mrkdwn>"}}. */
    public static ObjectNode slack(Alert a) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("text", AlertText.mrkdwn(a));
        return o;
    }

    /**
     * Microsoft Teams: a message with one Adaptive Card, the form the Teams "Workflows" webhooks
     * (Power Automate, "post to a channel when a webhook request is received") take; the old
     * Office 365 connectors and their MessageCard are being retired by Microsoft.
     */
    public static ObjectNode teams(Alert a) {
        ObjectNode card = MAPPER.createObjectNode();
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        ArrayNode body = card.putArray("body");
        ObjectNode head = body.addObject();
        head.put("type", "TextBlock");
        head.put("text", a.subject());
        head.put("weight", "Bolder");
        head.put("size", "Medium");
        head.put("wrap", true);
        head.put("color", switch (a.severity()) {
            case CRITICAL -> "Attention";
            case WARNING -> "Warning";
            case OK -> "Good";
        });
        text(body, AlertText.what(a));
        if (a.sentence() != null && !a.sentence().isBlank()) {
            text(body, a.sentence());
        }
        ObjectNode facts = body.addObject();
        facts.put("type", "FactSet");
        ArrayNode list = facts.putArray("facts");
        fact(list, "Severity", a.severityLabel());
        if (a.from() != null) {
            fact(list, "From", a.from().name());
        }
        if (a.to() != null) {
            fact(list, "To", a.to().name());
        }
        fact(list, "Time", AlertText.TIME.format(a.time()));
        for (int i = 0; i < a.evidence().size(); i++) {
            fact(list, i == 0 ? "Evidence" : "", a.evidence().get(i));
        }
        if (a.proposal() != null) {
            Proposal p = a.proposal();
            fact(list, "Proposal", p.id() + ": " + p.action());
            if (p.risk() != null) {
                fact(list, "Risk", p.risk());
            }
            if (a.awaitsConfirmation()) {
                fact(list, "Confirm", a.confirmCommand() + " (or " + a.confirmApi() + ")");
                fact(list, "Reject", a.rejectCommand());
            }
        }
        if (a.suppressedFlaps() > 0) {
            fact(list, "Flapping", a.suppressedFlaps() + " change(s) held back");
        }
        ObjectNode msg = MAPPER.createObjectNode();
        msg.put("type", "message");
        ObjectNode att = msg.putArray("attachments").addObject();
        att.put("contentType", "application/vnd.microsoft.card.adaptive");
        att.putNull("contentUrl");
        att.set("content", card);
        return msg;
    }

    private static void text(ArrayNode body, String s) {
        ObjectNode t = body.addObject();
        t.put("type", "TextBlock");
        t.put("text", s);
        t.put("wrap", true);
    }

    private static void fact(ArrayNode list, String title, String value) {
        ObjectNode f = list.addObject();
        f.put("title", title);
        f.put("value", value);
    }

    static byte[] bytes(ObjectNode o) {
        try {
            return MAPPER.writeValueAsBytes(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write alert JSON: " + e.getMessage(), e);
        }
    }
}
