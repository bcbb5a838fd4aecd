package io.hactl.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ProposalPlanTest {

    @Test
    void aFailoversPlanIsThePromotionThenTheFenceAndItsActionSaysBoth() {
        assertThat(ProposalPlan.steps(Proposal.Kind.FAILOVER, "n2", "n1")).containsExactly("promote n2 to master",
                "fence n1 if it can be reached (read-only, DB VIP detached)");
        assertThat(ProposalPlan.action(Proposal.Kind.FAILOVER, "n2", "n1"))
                .isEqualTo("promote n2 to master; fence n1 if it can be reached (read-only, DB VIP detached)");
    }

    @Test
    void aNodeFailoversFourStepsAreNumberedInItsAction() {
        assertThat(ProposalPlan.steps(Proposal.Kind.NODE_FAILOVER, "n2", "n1")).hasSize(4)
                .endsWith("start the services on n2 in the configured order");
        assertThat(ProposalPlan.action(Proposal.Kind.NODE_FAILOVER, "n2", "n1")).isEqualTo("1. promote n2 to DB master"
                + " (fence n1 if it can be reached); 2. move the DB VIP to n2; 3. move the app VIP to n2; 4. start the"
                + " services on n2 in the configured order");
    }

    @ParameterizedTest
    @EnumSource(Proposal.Kind.class)
    void everyKindHasAPlanThatNamesItsNode(Proposal.Kind kind) {
        Proposal p = new Proposal("p-1", kind, "n2", "n1", "x", "why", List.of(), "none", Instant.EPOCH,
                Instant.EPOCH, null, Proposal.Status.PENDING, null, null, null);
        assertThat(p.plan()).isNotEmpty().isEqualTo(ProposalPlan.steps(kind, "n2", "n1"));
        assertThat(String.join(" ", p.plan())).contains("n2");
    }
}
