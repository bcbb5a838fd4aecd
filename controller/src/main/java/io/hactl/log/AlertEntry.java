package io.hactl.log;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;

/**
 * What became of an alert on one channel ({@code alert}: sent, {@code alert-failed}: not), one line
 * per channel, written by {@code alert.AlertLog}; {@code who} is the sender, {@code why} the
 * alert's dedup key.
 *
 * @param operation  {@code alert}
 * @param channel    the channel ({@code email}, {@code teams}); the {@code step} field on disk
 * @param result     ok or failed
 * @param detail     "sent via email (1 try)", or the delivery's error
 * @param elapsedMs  how long the delivery took
 * @param from       the cluster state the alert is about left...
 * @param to         ...and reached
 * @param sentence   the alert's subject
 * @param proposalId the proposal the alert is about, if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"time", "cluster", "event", "operation", "step", "result", "detail", "who", "why", "elapsedMs",
        "from", "to", "sentence", "proposalId"})
public record AlertEntry(Instant time, String cluster, Event event, String operation,
                         @JsonProperty("step") String channel, String result, String detail, String who, String why,
                         Long elapsedMs, String from, String to, String sentence, String proposalId)
        implements TransitionEntry {

    public AlertEntry {
        Objects.requireNonNull(event, "event").of(AlertEntry.class);
    }
}
