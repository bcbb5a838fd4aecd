package io.hactl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The torture run's checker: acknowledged ids and the rows on the final master to lost and duplicated lists. */
class TortureCheckerTest {

    @Test
    void everyAcknowledgedIdOnceOnTheMasterIsAPass() {
        TortureChecker.WriterResult r = TortureChecker.check("app", List.of(1L, 2L, 3L), List.of(3L, 1L, 2L));
        assertThat(r.ok()).isTrue();
        assertThat(r.lost()).isEmpty();
        assertThat(r.duplicated()).isEmpty();
        assertThat(r.describe()).isEqualTo("app: 3 acknowledged, 0 lost");
    }

    @Test
    void acknowledgedIdsMissingOnTheMasterAreLostInOrder() {
        TortureChecker.WriterResult r = TortureChecker.check("hactl", List.of(1L, 2L, 3L, 4L, 5L), List.of(1L, 2L, 5L));
        assertThat(r.ok()).isFalse();
        assertThat(r.lost()).containsExactly(3L, 4L);
        assertThat(r.describe()).isEqualTo("hactl: 5 acknowledged, 2 LOST (ids 3, 4)");
    }

    @Test
    void anIdTwiceOnTheMasterIsDuplicatedEvenWhenAcknowledgedOnce() {
        TortureChecker.WriterResult r = TortureChecker.check("app", List.of(1L, 2L), List.of(1L, 2L, 2L));
        assertThat(r.ok()).isFalse();
        assertThat(r.lost()).isEmpty();
        assertThat(r.duplicated()).containsExactly(2L);
        assertThat(r.describe()).contains("1 DUPLICATED (ids 2)");
    }

    @Test
    void aRowWhoseAnswerWasLostIsNamedButIsNoFailure() {
        TortureChecker.WriterResult r = TortureChecker.check("app", List.of(1L, 2L), List.of(1L, 2L, 3L));
        assertThat(r.ok()).isTrue();
        assertThat(r.unacknowledged()).containsExactly(3L);
        assertThat(r.describe()).contains("1 on the master without an answer (ids 3)");
    }

    @Test
    void manyLostIdsAreCountedWholeAndNamedInPart() {
        List<Long> acked = LongStream.rangeClosed(1, 100).boxed().toList();
        TortureChecker.WriterResult r = TortureChecker.check("hactl", acked, List.of(1L));
        assertThat(r.lost()).hasSize(99);
        assertThat(r.describe()).contains("99 LOST (ids 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, ... (99 in all))");
    }

    @Test
    void theVerdictNeedsEveryWriterEqualTablesAndEqualGtids() {
        TortureChecker.WriterResult good = TortureChecker.check("app", List.of(1L), List.of(1L));
        TortureChecker.WriterResult bad = TortureChecker.check("hactl", List.of(1L, 2L), List.of(1L));
        assertThat(new TortureChecker.Verdict("n1", List.of(good), List.of(), "0-1-9", "0-1-9").ok()).isTrue();

        TortureChecker.Verdict v = new TortureChecker.Verdict("n1", List.of(good, bad),
                List.of("switch_writes (n1 1, n2 2)"), "0-1-9", "0-1-8");
        assertThat(v.ok()).isFalse();
        assertThat(v.gtidsEqual()).isFalse();
        assertThat(v.problems()).containsExactly("hactl: 2 acknowledged, 1 LOST (ids 2)",
                "tables differ between the nodes: switch_writes (n1 1, n2 2)",
                "GTIDs differ: master n1 0-1-9, other node 0-1-8");
        assertThat(new TortureChecker.Verdict("n1", List.of(good), List.of(), "0-1-9", null).problems())
                .containsExactly("GTIDs differ: master n1 0-1-9, other node unreadable");
    }

    @Test
    void idsAreReadOneALine() {
        assertThat(TortureChecker.parseIds("3\n1\n\n2\n")).containsExactly(3L, 1L, 2L);
    }
}
