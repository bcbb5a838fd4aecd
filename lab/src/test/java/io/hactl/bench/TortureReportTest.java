package io.hactl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.log.StateEntry;
import io.hactl.log.TransitionEntry;
import io.hactl.state.ClusterState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The results tables bench/torture.sh puts in docs/reliability.md. */
class TortureReportTest {

    private static TortureChecker.Verdict verdict(List<Long> hactlRows) {
        return new TortureChecker.Verdict("n1", List.of(TortureChecker.check("app-switch-1", List.of(1L, 2L),
                List.of(1L, 2L)), TortureChecker.check("hactl-switch-1", List.of(1L, 2L, 3L), hactlRows)), List.of(),
                "0-1-9", "0-1-9");
    }

    @Test
    void theSwitchoverFiguresWithRunDoneFailedAndLostPerWriter() {
        SwitchoverPhase.Figures f = new SwitchoverPhase.Figures(10, 3, 0, List.of("switchover 1 to n2: exit 1: n1 has 17"
                + " transactions n2 lacks"), List.of(390L, 19L, 27L), List.of(4911L, 449L, 375L), 0, 1, 39, 136,
                verdict(List.of(1L)), Duration.ofSeconds(60));
        String md = TortureReport.markdown(f, List.of());
        assertThat(md).contains("| switchovers | run | done | failed | longest write gap |")
                .contains("| 10 | 3 | 0 | 3 | 390 ms | 27 ms | 449 ms | 0 (136 samples) | 1 (39 ARP rounds) |"
                        + " app 0 of 2; hactl 2 of 3 | equal checksums | equal | **FAIL** |")
                .contains("- switchover 1 to n2: exit 1: n1 has 17 transactions n2 lacks")
                .contains("- hactl-switch-1: 3 acknowledged, 2 LOST (ids 2, 3)");
        assertThat(f.pass()).isFalse();
        SwitchoverPhase.Figures good = new SwitchoverPhase.Figures(2, 2, 2, List.of(), List.of(300L, 310L),
                List.of(2000L, 2100L), 0, 0, 20, 80, verdict(List.of(1L, 2L, 3L)), Duration.ofSeconds(20));
        assertThat(good.pass()).isTrue();
        assertThat(TortureReport.markdown(good, List.of())).contains("| pass |").doesNotContain("What failed");
    }

    @Test
    void aFaultRowWithAPipeInWhatWasSeenStaysOneCellAndAFailureSaysWhy() {
        FaultCase row = FaultMatrix.select(List.of(9)).get(0);
        FaultRun.Result r = new FaultRun.Result(row, "ACTIVE_SYNCED", List.of(), "", "n1 | n2 both writable", List.of(),
                0, 0, 577, 0, List.of("state SPLIT_BRAIN never shown"), List.of(), Duration.ofSeconds(40));
        String md = TortureReport.markdown(null, List.of(r));
        assertThat(md).contains("## Fault matrix: 0 of 1 rows pass")
                .contains("| # | fault | expected | seen | rows lost | result |")
                .contains("n1 \\| n2 both writable").contains("| 0 (allowed 0) | **FAIL** |")
                .contains("- 9 (replica read_only=0): state SPLIT_BRAIN never shown")
                .contains("- 9. SET GLOBAL read_only=0 on n2 / SET GLOBAL read_only=1 on n2 (40 s)");
    }

    @Test
    void theStatesSeenAreTheControllersLoggedChangesWithTheirOffsets() {
        Instant t0 = Instant.parse("2026-12-05T10:00:00Z");
        List<StateEntry> changes = List.of(state(t0, "STARTING", "ACTIVE_SYNCED"),
                state(t0.plusMillis(700), "ACTIVE_SYNCED", "MASTER_UNREACHABLE"),
                state(t0.plusMillis(1700), "MASTER_UNREACHABLE", "FAILOVER_PROPOSED"));
        assertThat(FaultRun.describeStates(ClusterState.ACTIVE_SYNCED, changes, t0))
                .isEqualTo("ACTIVE_SYNCED -> MASTER_UNREACHABLE +0.7 s -> FAILOVER_PROPOSED +1.7 s");
    }

    private static StateEntry state(Instant at, String from, String to) {
        return new StateEntry(at, "lab", TransitionEntry.Event.STATE, from, to, null, null, null, null);
    }
}
