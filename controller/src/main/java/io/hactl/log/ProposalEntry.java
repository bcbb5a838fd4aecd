package io.hactl.log;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.hactl.state.Proposal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A proposal and what became of it: made ({@code proposal}), acknowledged ({@code ack}), rejected,
 * expired or withdrawn. Each line carries the whole proposal as it is after the event, so a
 * restarted controller rebuilds its pending proposals from the log; the flat fields repeat its
 * headline for a reader without the object (a torn line, a grep). An {@code ack} whose result is
 * {@code refused} is an acknowledgement that changed nothing ({@link #refusedAck}).
 *
 * @param operation   the proposal's kind in lower case ({@code failover}, {@code node_failover})
 * @param operationId the operation run an acknowledgement started, when known
 * @param node        the proposal's node
 * @param result      the proposal's status after the event in lower case; {@code refused} on a refused ack
 * @param detail      the proposal's risk; on a refused ack, why it was refused
 * @param sentence    the proposal's sentence
 * @param evidence    the proposal's evidence (left out when none)
 * @param proposalId  the proposal's id
 * @param proposal    the whole proposal after the event
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"time", "cluster", "event", "operation", "operationId", "node", "result", "detail", "who", "why",
        "sentence", "evidence", "proposalId", "proposal"})
public record ProposalEntry(Instant time, String cluster, Event event, String operation, String operationId,
                            String node, String result, String detail, String who, String why, String sentence,
                            List<String> evidence, String proposalId, Proposal proposal) implements TransitionEntry {

    public ProposalEntry {
        Objects.requireNonNull(event, "event").of(ProposalEntry.class);
    }

    /** The line of {@code event} for {@code p} as it is after it ({@code operationId}: the run an ack started). */
    public static ProposalEntry of(Instant time, String cluster, Event event, Proposal p, String operationId,
                                   String who, String why) {
        return new ProposalEntry(time, cluster, event, kind(p), operationId, p.node(),
                p.status().name().toLowerCase(Locale.ROOT), p.risk(), who, why, p.sentence(),
                p.evidence() == null || p.evidence().isEmpty() ? null : List.copyOf(p.evidence()), p.id(), p);
    }

    /** An acknowledgement of {@code p} by {@code who} that was refused ({@code refusal}): nothing changed. */
    public static ProposalEntry refusedAck(Instant time, String cluster, Proposal p, String who, String comment,
                                           String refusal) {
        return new ProposalEntry(time, cluster, Event.ACK, kind(p), null, p.node(), "refused", refusal, who, comment,
                null, null, p.id(), p);
    }

    /** True on an {@code ack} line whose result is {@code refused}: the operator's ack changed nothing. */
    public boolean refused() {
        return event == Event.ACK && "refused".equals(result);
    }

    private static String kind(Proposal p) {
        return p.kind().name().toLowerCase(Locale.ROOT);
    }
}
