package io.hactl.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hactl.bench.FaultCase.Expected;
import io.hactl.bench.FaultCase.Observed;
import io.hactl.bench.FaultCase.Risk;
import io.hactl.state.ClusterState;
import io.hactl.state.Proposal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The fault table as data: the fourteen rows of issue 13, their expectations and how they are judged. */
class FaultMatrixTest {

    @Test
    void theFourteenRowsOfTheIssueInOrderEachWithItsInjectAndHeal() {
        List<FaultCase> all = FaultMatrix.all();
        assertThat(all).extracting(FaultCase::number).containsExactlyElementsOf(IntStream.rangeClosed(1, 14).boxed().toList());
        assertThat(all).extracting(FaultCase::name).doesNotHaveDuplicates().allMatch(n -> !n.isBlank());
        for (FaultCase f : all) {
            assertThat(f.inject().words()).as("fault %d", f.number()).isNotBlank();
            assertThat(f.inject().step()).as("fault %d", f.number()).isNotNull();
            assertThat(f.heal().words()).as("fault %d", f.number()).isNotBlank();
            assertThat(f.heal().step()).as("fault %d", f.number()).isNotNull();
            assertThat(f.lasts()).as("fault %d", f.number()).isPositive();
            assertThat(f.expectation()).as("fault %d", f.number()).contains(f.state().name(), f.outcome().words());
        }
    }

    @Test
    void theRowsSayWhatTheIssueAsks() {
        Map<Integer, FaultCase> m = new LinkedHashMap<>();
        FaultMatrix.all().forEach(f -> m.put(f.number(), f));
        // every killed master whose host answers: a failover with no loss announced, acknowledged, nothing lost
        for (int n : List.of(1, 2, 3, 11)) {
            assertThat(m.get(n).proposal()).isEqualTo(new Expected(Proposal.Kind.FAILOVER, "n2"));
            assertThat(m.get(n).ack()).isTrue();
            assertThat(m.get(n).rowsLost()).isEqualTo(FaultCase.RowsLost.NONE);
        }
        assertThat(m.get(5).ack()).isFalse();
        assertThat(m.get(5).healDuringRun()).isTrue();
        assertThat(m.get(6).ack()).isTrue();
        assertThat(m.get(6).healDuringRun()).as("the node returns after the acked failover").isTrue();
        assertThat(m.get(6).rowsLost()).isEqualTo(FaultCase.RowsLost.AT_MOST_PROPOSED);
        assertThat(m.get(6).outcome().words()).contains("without a second ack");
        assertThat(m.get(7).proposal()).isEqualTo(Expected.NONE);
        assertThat(m.get(7).state()).isEqualTo(ClusterState.MASTER_UNREACHABLE);
        assertThat(m.get(9).state()).isEqualTo(ClusterState.SPLIT_BRAIN);
        assertThat(m.get(10).risk().words()).contains("GTID");
        assertThat(m.get(13).proposal()).isEqualTo(Expected.NONE);
        assertThat(m.get(14).proposal()).isEqualTo(new Expected(Proposal.Kind.REJOIN, "n1"));
    }

    @Test
    void rowsAreChosenByNumberAndAnUnknownNumberIsRefusedWithTheRange() {
        assertThat(FaultMatrix.select(List.of(9, 1, 7))).extracting(FaultCase::number).containsExactly(9, 1, 7);
        assertThatThrownBy(() -> FaultMatrix.select(List.of(15))).hasMessage("no fault 15 in the matrix (1-14)");
        assertThat(TortureBench.faults("all")).hasSize(14);
        assertThat(TortureBench.faults("none")).isEmpty();
        assertThat(TortureBench.faults("1, 7,9")).extracting(FaultCase::number).containsExactly(1, 7, 9);
        assertThatThrownBy(() -> TortureBench.faults("1,x")).hasMessageContaining("'x' is not a row number");
    }

    @Test
    void aRowThatAcknowledgesNothingOrAllowsLossWithoutAProposalIsRefused() {
        FaultCase.Action nothing = new FaultCase.Action("nothing", c -> { });
        assertThatThrownBy(() -> new FaultCase(99, "x", nothing, nothing, false, Duration.ofSeconds(1),
                ClusterState.ACTIVE_SYNCED, Expected.NONE, Risk.none(), true, FaultMatrix.masterIs("n1"),
                FaultCase.RowsLost.NONE)).hasMessageContaining("no proposal is expected");
        assertThatThrownBy(() -> new FaultCase(99, "x", nothing, nothing, false, Duration.ofSeconds(1),
                ClusterState.ACTIVE_SYNCED, Expected.NONE, Risk.none(), false, FaultMatrix.masterIs("n1"),
                FaultCase.RowsLost.AT_MOST_PROPOSED)).hasMessageContaining("needs an expected proposal");
    }

    @Test
    void theRiskIsJudgedOnWhatItSays() {
        assertThat(Risk.noLoss().holds().test("none: n2 is 0 transactions behind")).isTrue();
        assertThat(Risk.noLoss().holds().test("n2 may lack 806 transactions")).isFalse();
        assertThat(Risk.noLoss().holds().test("n2 is 3 transactions behind")).isFalse();
        assertThat(Risk.noLoss().holds().test("unknown: position never seen by this controller")).isFalse();
        assertThat(Risk.lossFigure("n2 may lack 658 transactions (at the last probe)")).hasValue(658);
        assertThat(Risk.lossFigure("n2 is 0 transactions behind")).hasValue(0);
        assertThat(Risk.lossFigure("nothing to say")).isEmpty();
        assertThat(Risk.lowerBound().holds().test("n2 may lack at least 12 transactions (a lower bound from n1's"
                + " last probe at 10:02:03)")).isTrue();
        assertThat(Risk.lowerBound().holds().test("n2 may lack 12 transactions")).isFalse();
        assertThat(Risk.namesErrantGtid().holds().test("n2 has 9-2-1 that n1 lacks")).isTrue();
        assertThat(Risk.namesErrantGtid().holds().test("n2 has transactions n1 lacks")).isFalse();
    }

    private static PairView pair(PairView.Node a, PairView.Node b) {
        Map<String, PairView.Node> m = new LinkedHashMap<>();
        m.put("n1", a);
        m.put("n2", b);
        return new PairView(m);
    }

    private static final PairView.Node N1_MASTER = new PairView.Node("n1", true, false, true, "", "", "");
    private static final PairView.Node N2_REPLICA = new PairView.Node("n2", true, true, false, "198.51.100.11", "Yes", "Yes");

    @Test
    void theOutcomesAreJudgedOnTheLabAndTheControllersState() {
        PairView baseline = pair(N1_MASTER, N2_REPLICA);
        assertThat(FaultMatrix.masterIs("n1").holds().test(new Observed(baseline, ClusterState.ACTIVE_SYNCED, 0))).isTrue();
        assertThat(FaultMatrix.masterIs("n1").holds().test(new Observed(baseline, ClusterState.DEGRADED, 0))).isFalse();
        PairView twoWritable = pair(N1_MASTER, new PairView.Node("n2", true, false, false, "198.51.100.11", "Yes", "Yes"));
        assertThat(twoWritable.writable()).isEqualTo(2);
        assertThat(FaultMatrix.masterIs("n1").holds().test(new Observed(twoWritable, ClusterState.ACTIVE_SYNCED, 0)))
                .isFalse();

        PairView failedOver = pair(new PairView.Node("n1", false, true, false, "", "", ""),
                new PairView.Node("n2", true, false, true, "", "", ""));
        assertThat(failedOver.master()).isEqualTo("n2");
        assertThat(FaultMatrix.promoted("n2").holds().test(new Observed(failedOver, ClusterState.STANDALONE, 0))).isTrue();
        assertThat(FaultMatrix.fencedOnReturn("n2").holds().test(new Observed(failedOver, ClusterState.STANDALONE, 0)))
                .as("n1 still down: not yet seen fenced").isFalse();
        PairView returnedWithVip = pair(new PairView.Node("n1", true, false, true, "", "", ""),
                new PairView.Node("n2", true, false, true, "", "", ""));
        assertThat(returnedWithVip.master()).as("two writable nodes with the VIP: no single master").isNull();
        assertThat(FaultMatrix.fencedOnReturn("n2").holds().test(new Observed(returnedWithVip, ClusterState.SPLIT_BRAIN,
                0))).isFalse();
        PairView fenced = pair(new PairView.Node("n1", true, true, false, "", "", ""),
                new PairView.Node("n2", true, false, true, "", "", ""));
        assertThat(FaultMatrix.fencedOnReturn("n2").holds().test(new Observed(fenced, ClusterState.STANDALONE, 0))).isTrue();

        FaultCase errant = FaultMatrix.select(List.of(10)).get(0);
        assertThat(errant.outcome().holds().test(new Observed(baseline, ClusterState.ACTIVE_SYNCED, 1))).isFalse();
        assertThat(errant.outcome().holds().test(new Observed(baseline, ClusterState.ACTIVE_SYNCED, 0))).isTrue();
    }

    @Test
    void acknowledgedWritesAreLookedUpOnTheNodeTheOutcomeMakesMaster() {
        PairView splitBrain = pair(new PairView.Node("n1", true, false, true, "", "", ""),
                new PairView.Node("n2", true, false, true, "", "", ""));
        assertThat(FaultRun.whereToLook("n2", splitBrain)).as("the other node's writes are the lost ones").isEqualTo("n2");
        PairView n2Down = pair(N1_MASTER, new PairView.Node("n2", false, true, false, "", "", ""));
        assertThat(FaultRun.whereToLook("n2", n2Down)).isEqualTo("n1");
        PairView noMaster = pair(new PairView.Node("n1", false, true, false, "", "", ""),
                new PairView.Node("n2", true, true, false, "198.51.100.11", "Connecting", "No"));
        assertThat(FaultRun.whereToLook("n1", noMaster)).isEqualTo("n2");
        PairView nothingUp = pair(new PairView.Node("n1", false, true, false, "", "", ""),
                new PairView.Node("n2", false, true, false, "", "", ""));
        assertThatThrownBy(() -> FaultRun.whereToLook("n1", nothingUp)).hasMessageContaining("no node's MariaDB answers");
    }

    @Test
    void theArpSamplerCountsDistinctMacs() {
        assertThat(ArpSampler.macs("02:00:c6:33:64:0b\n02:00:c6:33:64:0c\n02:00:c6:33:64:0b\n"))
                .containsExactly("02:00:c6:33:64:0b", "02:00:c6:33:64:0c");
        assertThat(ArpSampler.macs("")).isEmpty();
    }
}
