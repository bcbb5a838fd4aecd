package io.hactl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The node failover bench's pure parts: the risk's figure, and what counts as one proposal for a lost node. */
class NodeFailoverBenchTest {

    @Test
    void theRisksFigure_isReadFromTheProposalsWords_unknownIsMinusOne() {
        assertThat(NodeFailoverBench.figure("n2 is 0 transactions behind (n1 last seen at 0-1-407837 at 02:58:04.831,"
                + " a lower bound from n1's last probe)")).isZero();
        assertThat(NodeFailoverBench.figure("n2 may lack 37 transactions (n1 last seen at 0-1-12 at 02:58:04.831)"))
                .isEqualTo(37);
        assertThat(NodeFailoverBench.figure("n2 may lack 1 transaction (n1 last seen at 0-1-12)")).isEqualTo(1);
        assertThat(NodeFailoverBench.figure("unknown: n1's position was never seen by this controller")).isEqualTo(-1);
        assertThat(NodeFailoverBench.figure(null)).isEqualTo(-1);
    }

    @Test
    void oneProposalForALostNode_isOneNodeFailoverAndNoFailoverMoveOrSecondFence_aRejoinAfterwardsIsFine() {
        assertThat(NodeFailoverBench.oneProposal(List.of("node_failover"))).isTrue();
        assertThat(NodeFailoverBench.oneProposal(List.of("node_failover", "rejoin"))).isTrue();
        assertThat(NodeFailoverBench.oneProposal(List.of("node_failover", "resync"))).isTrue();
        assertThat(NodeFailoverBench.oneProposal(List.of("failover", "node_failover"))).isFalse();
        assertThat(NodeFailoverBench.oneProposal(List.of("node_failover", "move_app"))).isFalse();
        assertThat(NodeFailoverBench.oneProposal(List.of("node_failover", "detach_vip", "rejoin"))).isFalse();
        assertThat(NodeFailoverBench.oneProposal(List.of("node_failover", "detach_app_vip"))).isFalse();
        assertThat(NodeFailoverBench.oneProposal(List.of("node_failover", "node_failover"))).isFalse();
        assertThat(NodeFailoverBench.oneProposal(List.of())).isFalse();
    }
}
