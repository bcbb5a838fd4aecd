package io.hactl.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 16, ack anywhere: operators' switchover and unblock requests recorded by any controller, taken once by the leader. */
class SharedStateRequestsTest extends LeaderAndFollower {

    @Test
    @DisplayName("A request recorded on a follower is taken once by the leader, with who asked and where")
    void aRequestRecordedOnAFollowerIsTakenOnceByTheLeader() {
        Request r = follower.state().recordRequest(Request.Kind.SWITCHOVER, "n2", "alice", "kernel update on n1");

        assertThat(r.id()).startsWith("r-");
        List<Request> taken = leader.state().takeRequests(epoch);
        assertThat(taken).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo(r.id());
            assertThat(t.kind()).isEqualTo(Request.Kind.SWITCHOVER);
            assertThat(t.node()).isEqualTo("n2");
            assertThat(t.operator()).isEqualTo("alice");
            assertThat(t.reason()).isEqualTo("kernel update on n1");
            assertThat(t.member()).isEqualTo(follower.name());
            assertThat(t.takenInEpoch()).isEqualTo(epoch.number());
        });
        assertThat(leader.state().takeRequests(epoch)).as("taken once").isEmpty();
    }

    @Test
    @DisplayName("A deposed leader cannot take a request: refused with both epochs, the request stays open")
    void aDeposedLeaderCannotTakeARequest() throws Exception {
        follower.state().recordRequest(Request.Kind.UNBLOCK, null, "bob", "n1 rebuilt");
        Epoch stale = new Epoch(epoch.number() - 1, epoch.version() - 1);

        assertThatThrownBy(() -> leader.state().takeRequests(stale)).isInstanceOf(StaleEpoch.class);
        assertThat(leader.state().takeRequests(epoch)).singleElement()
                .satisfies(t -> assertThat(t.kind()).isEqualTo(Request.Kind.UNBLOCK));
    }

    @Test
    @DisplayName("The epoch in ZooKeeper is readable by any controller")
    void theEpochIsReadableByAnyController() {
        assertThat(follower.state().epoch()).isEqualTo(epoch.number());
    }

    @Test
    @DisplayName("A watch tells of a decision or a request recorded anywhere, and of a proposal the leader writes")
    void aWatchTellsOfDecisionsRequestsAndProposals() throws Exception {
        AtomicInteger told = new AtomicInteger();
        try (AutoCloseable w = leader.state().watch(told::incrementAndGet)) {
            follower.state().recordRequest(Request.Kind.UNBLOCK, null, "bob", "n1 rebuilt");
            await().atMost(Ensembles.PATIENCE).until(() -> told.get() > 0);
            int before = told.get();
            leader.state().putProposal(epoch, SharedStateTest.proposal("p-1", "none"));
            await().atMost(Ensembles.PATIENCE).until(() -> told.get() > before);
        }
    }
}
