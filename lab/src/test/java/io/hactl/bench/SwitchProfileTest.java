package io.hactl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * bench/switchover.sh splits each command's wall time into its parts from the moments the
 * command's output lines arrived (issue 20: "profile where the 1.7 s goes").
 */
class SwitchProfileTest {

    private static final long MS = 1_000_000L;

    private static SwitchProfile.Line at(long ms, String text) {
        return new SwitchProfile.Line(ms * MS, text);
    }

    @Test
    void theWallIsSplitIntoStartReadingTheWriteGapAfterTheCommitAndTheExit() {
        List<SwitchProfile.Line> lines = List.of(
                at(520, "config: /var/lib/hactl-lab/hactl.yml (--config)"),
                at(540, "db-master-set: make n2 the database master"),
                at(900, "      plan: make n2 the master, n1 its replica"),
                at(901, "      n2 and n1 have the same transactions (GTID 0-1-305)"),
                at(905, "   1. n1   set read_only=ON (no more writes) ... ok (3 ms)"),
                at(930, "   2. n1   block every write (FLUSH TABLES WITH READ LOCK ...) ... ok: held by session 56 (20 ms)"),
                at(1000, "   3. n2   stop replication, forget it (RESET SLAVE ALL) ... ok (24 ms)"),
                at(1100, "   4. n2   add DB VIP 198.51.100.89/24 and announce it (gratuitous ARP) ... ok: added (90 ms)"),
                at(1400, "   5. n1   check that only n2's MAC answers ARP for 198.51.100.89 (asked from n1) ... ok (280 ms)"),
                at(1450, "db-master-set: done. n2 is the master"));
        SwitchProfile p = SwitchProfile.of(0, lines, 1500 * MS);

        Map<String, Long> ms = p.phasesMillis();
        assertThat(ms.keySet()).containsExactly(SwitchProfile.START, SwitchProfile.READ, SwitchProfile.TO_COMMIT,
                SwitchProfile.AFTER_COMMIT, SwitchProfile.EXIT);
        assertThat(ms).containsEntry(SwitchProfile.START, 520L)
                .containsEntry(SwitchProfile.READ, 380L)     // config line -> the plan
                .containsEntry(SwitchProfile.TO_COMMIT, 200L) // the plan -> the DB VIP on the new master
                .containsEntry(SwitchProfile.AFTER_COMMIT, 350L)
                .containsEntry(SwitchProfile.EXIT, 50L);
        assertThat(ms.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1500L);
        assertThat(p.stepsMillis()).as("the steps' own timings, as the command printed them").isEqualTo(417L);
    }

    @Test
    void aCommandThatPrintedNoStepsHasOnlyItsStartReadingAndExit() {
        SwitchProfile p = SwitchProfile.of(0, List.of(at(500, "config: x"), at(700, "      plan: nothing to do"),
                at(710, "db-master-set: done. nothing to do")), 800 * MS);

        assertThat(p.phasesMillis()).containsEntry(SwitchProfile.START, 500L).containsEntry(SwitchProfile.READ, 200L)
                .containsEntry(SwitchProfile.TO_COMMIT, 0L).containsEntry(SwitchProfile.AFTER_COMMIT, 10L)
                .containsEntry(SwitchProfile.EXIT, 90L);
    }
}
