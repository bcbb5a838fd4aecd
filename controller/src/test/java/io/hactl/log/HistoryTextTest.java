package io.hactl.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** hactl history's text: operation lines in the table, controller lines readable among them, in time order. */
class HistoryTextTest {

    @Test
    void controllerLinesReadAsSentencesAmongTheOperationTable() {
        List<String> lines = HistoryText.render(IncidentLog.entries()).lines().toList();
        assertThat(lines.get(0)).startsWith("TIME (UTC)               OPERATION  ID        EVENT");
        assertThat(lines).hasSize(1 + IncidentLog.entries().size());
        assertThat(lines).contains(
                "2025-03-14 19:00:01.000  STATE       STARTING -> ACTIVE_SYNCED  master n1 writable with the DB VIP;"
                        + " replica n2 caught up",
                "2025-03-14 19:02:04.130  STATE       MASTER_UNREACHABLE -> MASTER_DOWN  master n1 down: no answer for"
                        + " 1s and replica n2 lost it",
                "2025-03-14 19:02:04.140  PROPOSAL    p-3f9a1c failover n2: promote n2 to master; fence n1; risk: n2"
                        + " may lack 3 transactions; expires 19:17:04 UTC",
                "2025-03-14 19:02:04.300  ALERT       [email] -> FAILOVER_PROPOSED: master n1 down: failover proposed"
                        + " (hactl ack p-3f9a1c); [CRITICAL] to oncall@example.org",
                "2025-03-14 19:02:04.800  ALERT FAILED  [teams] -> FAILOVER_PROPOSED: master n1 down: failover"
                        + " proposed (hactl ack p-3f9a1c); HTTP 503 after 3 tries",
                "2025-03-14 19:04:10.000  ACK         p-3f9a1c failover n2 by alice \"n1's disk is dead\" -> operation"
                        + " a1b2c3d4",
                "2025-03-14 19:11:00.000  REJECT      p-5e6f7a rejoin n1 by bob \"n1 needs a new disk first\"",
                "2025-03-14 19:27:00.000  EXPIRE      p-9c0d1e resync n1 expired unacknowledged");
        // operation lines keep the table's columns
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("2025-03-14 19:04:10.150  failover   a1b2c3d4"
                + "  step-end").contains("stop replication", "ok", "120"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("operation-start", "[by alice; why: ack p-3f9a1c"));
        assertThat(lines.subList(1, lines.size())).extracting(l -> l.substring(0, 23)).isSorted();
    }

    /** Issue 13, defect 8: a refused acknowledgement read as a second ACK line. */
    @Test
    void historyShowsARefusedAckAsASecondAckLine_itReadsAckRefusedWithWhy() {
        io.hactl.state.Proposal p = IncidentLog.failover();
        // as ControlLoop writes a refused ack: event ack, result refused, why in detail, the comment in why
        TransitionEntry refused = new ProposalEntry(IncidentLog.at("19:04:09"), "pair1", TransitionEntry.Event.ACK,
                "failover", null, "n2", "refused", "an operation runs on the pair: switchover s-1 by carol", "bob",
                "second try", null, null, p.id(), p);
        TransitionEntry accepted = ProposalEntry.of(IncidentLog.at("19:04:10"), "pair1", TransitionEntry.Event.ACK,
                p.decided(io.hactl.state.Proposal.Status.ACKNOWLEDGED, "alice", IncidentLog.at("19:04:10"), "go"), null,
                "alice", "go");
        List<String> lines = HistoryText.render(List.of(refused, accepted)).lines().toList();
        assertThat(lines).containsExactly(lines.get(0),
                "2025-03-14 19:04:09.000  ACK-REFUSED  p-3f9a1c failover n2 by bob: an operation runs on the pair:"
                        + " switchover s-1 by carol (\"second try\")",
                "2025-03-14 19:04:10.000  ACK         p-3f9a1c failover n2 by alice \"go\"");
        assertThat(lines.stream().filter(l -> l.contains("  ACK  ") || l.contains("  ACK      "))).hasSize(1);
    }

    @Test
    void aLineWithMissingFieldsPrintsWhatItHas() {
        TransitionEntry bare = StateEntry.of(IncidentLog.at("19:00:00"), null, TransitionEntry.Event.STATE, null, "DEGRADED",
                null, null, null, null);
        assertThat(HistoryText.render(List.of(bare))).endsWith("2025-03-14 19:00:00.000  STATE       -> DEGRADED\n");
    }
}
