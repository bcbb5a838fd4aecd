package io.hactl.alert;

import io.hactl.log.AlertEntry;
import io.hactl.log.TransitionEntry.Event;
import io.hactl.log.TransitionLog;
import io.hactl.notify.Alert;
import io.hactl.notify.DeliveryListener;
import io.hactl.notify.DeliveryResult;
import java.time.Clock;

/**
 * Writes what became of each alert to the transition log: {@code alert} (sent) or
 * {@code alert-failed}, one line per channel, with the channel in {@code step}, the alert's
 * subject in {@code sentence} and the dedup key in {@code why}. A DeliveryListener for the
 * controller's dispatcher, also used by {@code hactl notify test}.
 */
public final class AlertLog implements DeliveryListener {

    private final TransitionLog log;
    private final String who;
    private final Clock clock;

    public AlertLog(TransitionLog log, String who, Clock clock) {
        this.log = log;
        this.who = who;
        this.clock = clock;
    }

    @Override
    public void delivered(Alert alert, DeliveryResult result) {
        log.append(entry(Event.ALERT, alert, result));
    }

    @Override
    public void failed(Alert alert, DeliveryResult result) {
        log.append(entry(Event.ALERT_FAILED, alert, result));
    }

    static AlertEntry entry(Event event, Alert a, DeliveryResult r, String who, java.time.Instant at) {
        String detail = r.ok() ? "sent via " + r.channel() + " (" + r.attempts() + (r.attempts() == 1 ? " try" : " tries")
                + ")" : r.error();
        return new AlertEntry(at, a.cluster(), event, "alert", r.channel(), r.ok() ? "ok" : "failed", detail, who,
                a.dedupKey(), r.took().toMillis(), a.from() == null ? null : a.from().name(),
                a.to() == null ? null : a.to().name(), a.subject(), a.proposal() == null ? null : a.proposal().id());
    }

    private AlertEntry entry(Event event, Alert a, DeliveryResult r) {
        return entry(event, a, r, who, clock.instant());
    }
}
