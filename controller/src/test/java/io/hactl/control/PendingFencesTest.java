package io.hactl.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.ops.db.Fencing;
import io.hactl.state.Proposal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, defect 6: an old master the acknowledged failover could not fence is fenced the moment
 * it answers, under the same acknowledgement, and kept until a fence proves it.
 */
class PendingFencesTest {

    static final Instant T0 = Instant.parse("2026-12-05T20:00:00Z");

    static Proposal failover() {
        return new Proposal("p-1a2b3c", Proposal.Kind.FAILOVER, "n2", "n1", "promote n2 to master; fence n1",
                "n1 down", List.of(), "n2 lacks nothing", T0, T0.plusSeconds(600), null, Proposal.Status.ACKNOWLEDGED,
                "alice", T0, "n1 is gone");
    }

    @Test
    @DisplayName("Fenced is claimed without proof: the unfenced node waits, is due the moment it answers, and stays until proven")
    void anUnfencedOldMasterIsFencedTheMomentItAnswersUnderTheSameAck() {
        PendingFences p = new PendingFences();
        p.add(failover(), "alice", "n1 is gone", new Fencing("n1", Fencing.Vip.UNREACHABLE, Fencing.Db.UNANSWERED, null));
        assertThat(p.evidence()).containsExactly("n1 unfenced, unreachable: it may still hold the DB VIP and be writable;"
                + " it will be fenced the moment it answers (failover p-1a2b3c acknowledged by alice)");
        assertThat(p.due(n -> false, T0)).isEmpty();
        List<PendingFences.Pending> due = p.due(Set.of("n1")::contains, T0);
        assertThat(due).singleElement().satisfies(d -> {
            assertThat(d.node()).isEqualTo("n1");
            assertThat(d.who()).isEqualTo("alice");
            assertThat(d.failover().id()).isEqualTo("p-1a2b3c");
        });
        // half done (its database hung): kept, not tried again before RETRY
        p.tried(due.get(0), new Fencing("n1", Fencing.Vip.DETACHED, Fencing.Db.UNANSWERED, null), T0);
        assertThat(p.contains("n1")).isTrue();
        assertThat(p.due(Set.of("n1")::contains, T0.plusSeconds(1))).isEmpty();
        assertThat(p.due(Set.of("n1")::contains, T0.plus(PendingFences.RETRY))).hasSize(1);
        assertThat(p.evidence().get(0)).startsWith("n1 partly fenced: DB VIP detached");
        // proven: done
        p.tried(due.get(0), new Fencing("n1", Fencing.Vip.NOT_HELD, Fencing.Db.READ_ONLY, null), T0.plusSeconds(6));
        assertThat(p.contains("n1")).isFalse();
        assertThat(p.evidence()).isEmpty();
    }

    @Test
    void anUnfencedLostNodeOfANodeFailoverWaitsUnderThatAckAndIsNamedSo() {
        PendingFences p = new PendingFences();
        Proposal f = failover();
        Proposal nodeFailover = new Proposal("p-4d5e6f", Proposal.Kind.NODE_FAILOVER, "n2", "n1", f.action(), "n1 lost",
                List.of(), f.risk(), T0, T0.plusSeconds(600), null, Proposal.Status.ACKNOWLEDGED, "alice", T0, "n1 lost");
        p.add(nodeFailover, "alice", "n1 lost", new Fencing("n1", Fencing.Vip.UNREACHABLE, Fencing.Db.UNANSWERED, null));
        assertThat(p.evidence()).singleElement().asString().endsWith("(node failover p-4d5e6f acknowledged by alice)");
        assertThat(p.due(Set.of("n1")::contains, T0)).singleElement()
                .satisfies(d -> assertThat(d.failover().kind()).isEqualTo(Proposal.Kind.NODE_FAILOVER));
    }

    @Test
    @DisplayName("The old master returning: fenced while its database was down, made read-only the moment MySQL answers")
    void anOldMasterFencedWithItsDatabaseDownIsMadeReadOnlyWhenItsDatabaseAnswersAgain() {
        PendingFences p = new PendingFences();
        p.addUntilReadOnly(failover(), "alice", "n1 is gone", new Fencing("n1", Fencing.Vip.DETACHED, Fencing.Db.DOWN,
                null));
        assertThat(p.evidence()).singleElement().asString().contains("n1 fenced (DB VIP detached, its database is down):"
                + " made read-only the moment its database answers again");
        // its host answers (shell works) but MySQL does not yet: nothing to do
        assertThat(p.due(Set.of("n1")::contains, n -> false, T0)).isEmpty();
        List<PendingFences.Pending> due = p.due(Set.of("n1")::contains, Set.of("n1")::contains, T0);
        assertThat(due).hasSize(1);
        // a fence that finds it down again is not enough: kept until read-only
        p.tried(due.get(0), new Fencing("n1", Fencing.Vip.NOT_HELD, Fencing.Db.DOWN, null), T0);
        assertThat(p.contains("n1")).isTrue();
        p.tried(due.get(0), new Fencing("n1", Fencing.Vip.NOT_HELD, Fencing.Db.READ_ONLY, null), T0.plusSeconds(6));
        assertThat(p.contains("n1")).isFalse();
    }
}
