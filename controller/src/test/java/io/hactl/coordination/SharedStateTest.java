package io.hactl.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hactl.coordination.Decision.Verdict;
import io.hactl.coordination.OperationRecord.Status;
import io.hactl.coordination.SharedState.AntiFlapping;
import io.hactl.coordination.SharedState.Fence;
import io.hactl.coordination.SharedState.MasterPosition;
import io.hactl.db.GtidMemory;
import io.hactl.model.DbProbe;
import io.hactl.pair.Refused;
import io.hactl.state.Proposal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state the three share: written by the leader under its epoch, decisions by anyone, tied to a version. */
class SharedStateTest extends LeaderAndFollower {

    static Proposal proposal(String id, String risk) {
        Instant now = Instant.parse("2025-01-01T12:00:00Z");
        return new Proposal(id, Proposal.Kind.FAILOVER, "n2", "n1", "promote n2 to master; fence n1",
                "master n1 down for 3.1 s, replica n2 confirms", List.of("n1: no ping since 12:00:00"), risk, now,
                now.plusSeconds(600), null, Proposal.Status.PENDING, null, null, null);
    }

    @Test
    void aProposalIsSharedWithItsEvidenceAndRiskAndAVersion() {
        int v0 = leader.state().putProposal(epoch, proposal("p-1", "n2 is 0 transactions behind"));
        int v1 = leader.state().putProposal(epoch, proposal("p-1", "n2 may lack 3 transactions"));

        Versioned<Proposal> seen = follower.state().proposal("p-1").orElseThrow();
        assertThat(seen.version()).isEqualTo(v1).isEqualTo(v0 + 1);
        assertThat(seen.value()).isEqualTo(proposal("p-1", "n2 may lack 3 transactions"));
        assertThat(follower.state().proposals()).extracting(p -> p.value().id()).containsExactly("p-1");
    }

    @Test
    void anAckRecordedOnAFollowerIsTakenOnceByTheLeader() {
        int v = leader.state().putProposal(epoch, proposal("p-1", "none"));

        Decision recorded = follower.state().recordDecision("p-1", v, "alice", Verdict.ACK, "go");

        assertThat(recorded.member()).isEqualTo(follower.name());
        List<Decision> taken = leader.state().takeDecisions(epoch);
        assertThat(taken).singleElement().satisfies(d -> {
            assertThat(d.proposalId()).isEqualTo("p-1");
            assertThat(d.version()).isEqualTo(v);
            assertThat(d.verdict()).isEqualTo(Verdict.ACK);
            assertThat(d.operator()).isEqualTo("alice");
            assertThat(d.takenInEpoch()).isEqualTo(epoch.number());
        });
        assertThat(leader.state().takeDecisions(epoch)).isEmpty();
    }

    @Test
    void aSecondDecisionForTheSameVersionIsRefusedAsAlreadyDecided() {
        int v = leader.state().putProposal(epoch, proposal("p-1", "none"));
        follower.state().recordDecision("p-1", v, "alice", Verdict.ACK, null);

        assertThatThrownBy(() -> leader.state().recordDecision("p-1", v, "bob", Verdict.REJECT, null))
                .isInstanceOf(Refused.class)
                .hasMessageStartingWith("proposal p-1 version " + v + " is already decided: ACK by alice on "
                        + follower.name() + " at ");
        assertThat(leader.state().takeDecisions(epoch)).singleElement()
                .extracting(Decision::operator).isEqualTo("alice");
    }

    @Test
    void aDecisionForAnOlderVersionIsRefusedWithASentence() {
        int v0 = leader.state().putProposal(epoch, proposal("p-1", "n2 is 0 transactions behind"));
        int v1 = leader.state().putProposal(epoch, proposal("p-1", "n2 may lack 3 transactions"));

        assertThatThrownBy(() -> follower.state().recordDecision("p-1", v0, "alice", Verdict.ACK, null))
                .isInstanceOf(Refused.class)
                .hasMessage("proposal p-1 changed since it was read: the decision is for version " + v0
                        + ", it is at version " + v1 + " now")
                .satisfies(e -> assertThat(((Refused) e).fix()).contains("hactl proposals"));
        assertThat(leader.state().takeDecisions(epoch)).isEmpty();
    }

    @Test
    void aDecisionForAProposalThatIsNotThereIsRefused() {
        assertThatThrownBy(() -> follower.state().recordDecision("p-9", 0, "alice", Verdict.ACK, null))
                .isInstanceOf(Refused.class).hasMessageStartingWith("no proposal p-9 in ZooKeeper");
    }

    @Test
    void aDecisionOverTakenByANewVersionIsNotExecuted() {
        int v0 = leader.state().putProposal(epoch, proposal("p-1", "n2 is 0 transactions behind"));
        follower.state().recordDecision("p-1", v0, "alice", Verdict.ACK, null);
        leader.state().putProposal(epoch, proposal("p-1", "n2 may lack 3 transactions"));

        assertThat(leader.state().takeDecisions(epoch)).isEmpty();
        assertThat(follower.state().decisions()).singleElement()
                .satisfies(d -> assertThat(d.superseded()).contains("version " + (v0 + 1)));
    }

    @Test
    void aDeposedLeadersWriteIsRefusedAsStaleEpochNamingBothEpochs() throws Exception {
        leader.state().putProposal(epoch, proposal("p-1", "none"));
        leader.leadership().close();
        await().atMost(Ensembles.PATIENCE).until(follower::mayStartSteps);
        long newer = follower.leadership().mayStartSteps().epoch().number();
        EpochNode current = EpochNode.read(follower.coordinator().client(), follower.coordinator().settings());

        assertThatThrownBy(() -> leader.state().putProposal(epoch, proposal("p-1", "changed by the old leader")))
                .isInstanceOf(StaleEpoch.class)
                .hasMessage("this controller's epoch " + epoch.number() + " is stale: ZooKeeper holds "
                        + current.describe() + "; a deposed leader changes nothing")
                .hasMessageContaining("epoch " + newer + " (leader " + follower.name() + " since ")
                .satisfies(e -> assertThat(((StaleEpoch) e).current()).isEqualTo(newer));
        assertThat(follower.state().proposal("p-1").orElseThrow().value().risk()).isEqualTo("none");
    }

    @Test
    void aDeposedLeadersStepIsRefusedOnTheNodeOnceTheNewLeaderActedThere(@TempDir Path stateDir) throws Exception {
        leader.leadership().close();
        await().atMost(Ensembles.PATIENCE).until(follower::mayStartSteps);
        long newer = follower.leadership().mayStartSteps().epoch().number();
        NodeEpochGuard node = new NodeEpochGuard(stateDir.toString(), "n1");

        assertThat(sh(node.wrap(newer, "echo step of the new leader"))).isZero();
        assertThat(sh(node.wrap(epoch.number(), "touch " + stateDir.resolve("changed-by-old-leader"))))
                .isEqualTo(NodeEpochGuard.REFUSED_EXIT);
        assertThat(stateDir.resolve("changed-by-old-leader")).doesNotExist();
    }

    private static int sh(String script) throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    @Test
    void anOperationRecordsEachStepsIntentBeforeAndResultAfter() {
        leader.state().startOperation(epoch, "o-1", "failover", "p-1");
        leader.state().stepIntent(epoch, "o-1", 1, "db-read-only n1");

        OperationRecord midStep = follower.state().operation().orElseThrow().value();
        assertThat(midStep.inFlight()).hasValueSatisfying(s -> assertThat(s.name()).isEqualTo("db-read-only n1"));

        leader.state().stepResult(epoch, "o-1", 1, true, "n1 read-only");
        leader.state().stepIntent(epoch, "o-1", 2, "promote n2");
        leader.state().stepResult(epoch, "o-1", 2, true, "n2 writable");
        leader.state().finishOperation(epoch, "o-1", true, "n2 is master");

        OperationRecord done = follower.state().operation().orElseThrow().value();
        assertThat(done.status()).isEqualTo(Status.DONE);
        assertThat(done.epoch()).isEqualTo(epoch.number());
        assertThat(done.steps()).extracting(OperationRecord.Step::name, OperationRecord.Step::ok, OperationRecord.Step::result)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("db-read-only n1", true, "n1 read-only"),
                        org.assertj.core.groups.Tuple.tuple("promote n2", true, "n2 writable"));
        assertThat(done.inFlight()).isEmpty();
    }

    @Test
    void aSecondOperationIsRefusedWhileOneRuns() {
        leader.state().startOperation(epoch, "o-1", "failover", "p-1");

        assertThatThrownBy(() -> leader.state().startOperation(epoch, "o-2", "switchover", null))
                .isInstanceOf(Refused.class).hasMessageStartingWith("operation failover o-1 (proposal p-1), started by "
                        + leader.name() + " in epoch " + epoch.number());
        assertThat(follower.state().operation().orElseThrow().value().id()).isEqualTo("o-1");
    }

    @Test
    void theBlockTheFencedNodesAndTheMastersPositionAreSharedAndWrittenUnderTheEpoch() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        AntiFlapping block = new AntiFlapping(at, null, leader.name(), at);
        io.hactl.state.Proposal failover = new io.hactl.state.Proposal("p-1", io.hactl.state.Proposal.Kind.FAILOVER,
                "n2", "n1", "promote n2", "n1 is down", java.util.List.of("n1: no ping"), "none", at, at.plusSeconds(900),
                null, io.hactl.state.Proposal.Status.DONE, "alice", at, "n1 lost");
        // with the failover itself, so that a new leader fences n1 under that acknowledgement
        Fence fence = new Fence("n1", "p-1", "alice", Fence.Status.PENDING, at, "unreachable; fenced when it answers",
                failover, "n1 lost", true);
        GtidMemory.Seen seen = new GtidMemory.Seen(at, DbProbe.Flavor.MARIADB, "0-1-42", "0-1-42", false, false,
                "controller", "/var/lib/mysql/mysql-bin");
        leader.state().setAntiFlapping(epoch, block);
        leader.state().putFence(epoch, fence);
        leader.state().putFence(epoch, new Fence("n2", "p-0", "bob", Fence.Status.FENCED, at, "read-only, no VIP"));
        leader.state().setMasterPosition(epoch, new MasterPosition("n1", seen));
        leader.state().removeFence(epoch, "n2");

        assertThat(follower.state().antiFlapping()).contains(block);
        assertThat(follower.state().fences()).containsExactly(fence);
        assertThat(follower.state().masterPosition()).contains(new MasterPosition("n1", seen));
    }
}
