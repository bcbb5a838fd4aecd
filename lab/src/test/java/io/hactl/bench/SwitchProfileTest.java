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

    @Test
    void theWriteGapIsSplitIntoItsStepsAndWhatRanBetweenThem() {
        List<SwitchProfile.Line> lines = List.of(
                at(500, "config: x"),
                at(900, "      plan: make n2 the master, n1 its replica"),
                at(1010, "   1. n1   set read_only=ON (no more writes) ... ok (10 ms)"),
                at(1035, "   2. n1   block every write (FLUSH TABLES WITH READ LOCK ...) ... ok: held by session 56 (20 ms)"),
                at(1045, "   3. n1   end client sessions (not replication threads) ... ok: none open (5 ms)"),
                at(1080, "   4. n2   wait until n2 has applied every transaction of n1 (GTID 0-1-5 ...) ... ok: GTID equal (30 ms)"),
                at(1110, "   5. n2   stop replication, forget it (RESET SLAVE ALL) ... ok (25 ms)"),
                at(1120, "   6. n2   set read_only=OFF (writable) ... ok: at GTID 0-1-5 (8 ms)"),
                at(1140, "   7. n1   remove DB VIP 198.51.100.89/24 (read-only, its writes are blocked) ... ok (15 ms)"),
                at(1200, "   8. n2   add DB VIP 198.51.100.89/24 and announce it (gratuitous ARP) ... ok: added (50 ms)"),
                at(1400, "   9. n1   check that only n2's MAC answers ARP ... ok (280 ms)"),
                at(1450, "db-master-set: done."));
        SwitchProfile p = SwitchProfile.of(0, lines, 1500 * MS);

        Map<String, Long> gap = p.gapPiecesMillis();
        assertThat(gap.keySet()).containsExactly(SwitchProfile.GAP_READ_ONLY, SwitchProfile.GAP_LOCK,
                SwitchProfile.GAP_SESSIONS, SwitchProfile.GAP_CATCH_UP, SwitchProfile.GAP_RESET,
                SwitchProfile.GAP_WRITABLE, SwitchProfile.GAP_VIP_REMOVED, SwitchProfile.GAP_VIP_ADDED,
                SwitchProfile.GAP_BETWEEN);
        assertThat(gap).containsEntry(SwitchProfile.GAP_READ_ONLY, 10L).containsEntry(SwitchProfile.GAP_CATCH_UP, 30L)
                .containsEntry(SwitchProfile.GAP_VIP_ADDED, 50L);
        // the read-only step began at 1010 - 10 = 1000; the add's line came at 1200: 200 ms, 163 of them in steps
        assertThat(gap).containsEntry(SwitchProfile.GAP_BETWEEN, 200L - 163L);
        assertThat(p.commitNanos()).isEqualTo(1200 * MS);
    }

    @Test
    void aStepOfTheGapNotKnownByNameIsShownUnderItsOwnWords() {
        SwitchProfile p = SwitchProfile.of(0, List.of(at(500, "config: x"), at(600, "      plan: p"),
                at(610, "   1. n1   set read_only=ON (no more writes) ... ok (10 ms)"),
                at(650, "   2. n1   answer new connections to DB VIP 198.51.100.89:3306 with a TCP reset ... ok (30 ms)"),
                at(700, "   3. n2   add DB VIP 198.51.100.89/24 and announce it (gratuitous ARP) ... ok (40 ms)")),
                800 * MS);

        assertThat(p.gapPiecesMillis()).containsEntry("answer new connections to DB VIP 198.51.100.89:3306", 30L)
                .containsEntry(SwitchProfile.GAP_BETWEEN, 20L);
    }
}
