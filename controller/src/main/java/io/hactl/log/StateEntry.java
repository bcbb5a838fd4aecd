package io.hactl.log;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A line about the controller itself: what it saw and where its state went ({@code state}, {@code
 * diagnosis}, {@code app-state}), what it did not do and why ({@code blocked}), an operator lifting
 * a block ({@code unblock}), a condition still standing ({@code reminder}), an operation found
 * unfinished at its start ({@code interrupted}), and its own start and stop.
 *
 * @param from     the state before a {@code state} or {@code app-state} change
 * @param to       the state after it; on the other lines, the state the controller was in
 * @param sentence what the controller saw, in a sentence a person can read
 * @param evidence the probe facts behind the sentence ("n1 SQL: connection refused since 19:02:03.120")
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"time", "cluster", "event", "who", "why", "from", "to", "sentence", "evidence"})
public record StateEntry(Instant time, String cluster, Event event, String from, String to, String sentence,
                         List<String> evidence, String who, String why) implements TransitionEntry {

    public StateEntry {
        Objects.requireNonNull(event, "event").of(StateEntry.class);
    }

    /** A line as the controller writes it: no evidence is written as none (the field left out). */
    public static StateEntry of(Instant time, String cluster, Event event, String from, String to, String sentence,
                                List<String> evidence, String who, String why) {
        return new StateEntry(time, cluster, event, from, to, sentence,
                evidence == null || evidence.isEmpty() ? null : List.copyOf(evidence), who, why);
    }
}
