package io.hactl.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Until when heal waits on the ZooKeeper members it reconnected: only the cut-off ones, only as long as they can be dropped. */
class LabCutsTest {

    private static final long STALE = LabZookeeper.STALE_AFTER.toMillis();
    private static final long REPAIRED = 1_000_000L;

    @Test
    void noMemberCutOff_noWaitForStaleness() {
        // a member killed and started again joins afresh: nothing of it is stale
        assertThat(LabCuts.staleUntil(Set.of(), Map.of(), Map.of(), REPAIRED)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void aMemberCutOffWithoutARecord_isWaitedOnStaleAfterPastTheRepair() {
        assertThat(LabCuts.staleUntil(Set.of(LabNode.N1), Map.of(), Map.of(), REPAIRED)).isEqualTo(REPAIRED + STALE);
    }

    @Test
    void aMemberCutOffOneSecondBeforeTheRepair_isWaitedOnStaleAfterPastItsCutOnly() {
        assertThat(LabCuts.staleUntil(Set.of(LabNode.N1), Map.of(LabNode.N1, REPAIRED - 1_000), Map.of(), REPAIRED))
                .isEqualTo(REPAIRED - 1_000 + STALE);
    }

    @Test
    void aMemberCutOffLongerThanStaleAfter_isNotWaitedOn() {
        assertThat(LabCuts.staleUntil(Set.of(LabNode.N1), Map.of(LabNode.N1, REPAIRED - 7_000), Map.of(), REPAIRED))
                .isLessThanOrEqualTo(REPAIRED);
    }

    @Test
    void aRecordFromAfterTheRepairIsNotTrusted_theRepairCounts() {
        assertThat(LabCuts.staleUntil(Set.of(LabNode.W), Map.of(LabNode.W, REPAIRED + 500), Map.of(), REPAIRED))
                .isEqualTo(REPAIRED + STALE);
    }

    @Test
    void aMemberResumedFromSigstop_isWaitedOnItsOwnTimersPastTheResume() {
        // its timers stood still while it was stopped: a stale leader notices it has no quorum within a tick of SIGCONT
        long until = LabCuts.staleUntil(Set.of(LabNode.N2), Map.of(LabNode.N2, REPAIRED - 20_000),
                Map.of(LabNode.N2, REPAIRED), REPAIRED);
        assertThat(until).isEqualTo(REPAIRED + LabCuts.AFTER_RESUME.toMillis());
    }

    @Test
    void theLatestOfSeveralCutOffMembersCounts() {
        assertThat(LabCuts.staleUntil(Set.of(LabNode.N1, LabNode.W),
                Map.of(LabNode.N1, REPAIRED - 5_000, LabNode.W, REPAIRED - 2_000), Map.of(), REPAIRED))
                .isEqualTo(REPAIRED - 2_000 + STALE);
    }

    @Test
    void aMemberWhoseQuorumConnectionsWereReset_seenAwayThenServing_endsTheWaitBeforeStaleUntil() {
        assertThat(LabCuts.settled(true, true, REPAIRED, REPAIRED + STALE)).isTrue();
    }

    @Test
    void aMemberWhoseQuorumConnectionsWereReset_neverSeenAway_isWaitedOnUntilStaleUntil() {
        // it may have answered from its old connection between two looks: only the time since its cut settles it
        assertThat(LabCuts.settled(true, false, REPAIRED, REPAIRED + STALE)).isFalse();
        assertThat(LabCuts.settled(true, false, REPAIRED + STALE, REPAIRED + STALE)).isTrue();
    }

    @Test
    void notAllServing_neverSettled() {
        assertThat(LabCuts.settled(false, true, REPAIRED + STALE, REPAIRED)).isFalse();
    }

    @Test
    void aCutIsRecordedInTheLabDirectoryAndClearedByHeal(@TempDir Path dir) {
        LabCuts cuts = new LabCuts(new LabLayout(dir));
        assertThat(cuts.recorded()).isEmpty();
        long before = System.currentTimeMillis();
        cuts.record(LabNode.W);
        cuts.record(LabNode.N1);
        assertThat(cuts.recorded()).containsOnlyKeys(LabNode.N1, LabNode.W);
        assertThat(cuts.recorded().get(LabNode.W)).isBetween(before, System.currentTimeMillis());
        assertThat(Files.exists(dir.resolve("cuts").resolve("w"))).isTrue();
        cuts.clear();
        assertThat(cuts.recorded()).isEmpty();
    }
}
