package io.hactl.pair;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.log.TransitionEntry;
import io.hactl.log.TransitionLog;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;

/** The one writer of operation lines (issue 15): what Operation and backup's Journal both write through. */
class OperationJournalTest {

    @TempDir
    Path dir;

    private OperationJournal journal(boolean dryRun) {
        return new OperationJournal(new TransitionLog(dir), "pair1", "db-copy", "alice@host", "maintenance", dryRun);
    }

    @Test
    @DisplayName("Every line of one operation carries its id, cluster, who and why; the end its length")
    void everyLineOfOneOperationCarriesItsIdWhoAndWhy() {
        OperationJournal j = journal(false);
        j.started("copy a into b");
        j.stepStarted("n1", "copy a");
        j.stepEnded("n1", "copy a", "ok", "3 tables", 12);
        j.note("n2", "created database b");
        assertThat(j.end("ok", "a copied into b")).isTrue();
        List<TransitionEntry> log = new TransitionLog(dir).read();
        assertThat(log).extracting(TransitionEntry::event)
                .containsExactly("operation-start", "step-start", "step-end", "note", "operation-end");
        assertThat(log).allSatisfy(e -> {
            assertThat(e.operation()).isEqualTo("db-copy");
            assertThat(e.operationId()).isEqualTo(j.id());
            assertThat(e.cluster()).isEqualTo("pair1");
            assertThat(e.who()).isEqualTo("alice@host");
            assertThat(e.why()).isEqualTo("maintenance");
        });
        assertThat(log.get(0).detail()).isEqualTo("copy a into b");
        assertThat(log.get(2)).satisfies(e -> {
            assertThat(e.step()).isEqualTo("copy a");
            assertThat(e.node()).isEqualTo("n1");
            assertThat(e.result()).isEqualTo("ok");
            assertThat(e.elapsedMs()).isEqualTo(12L);
        });
        assertThat(log.get(4).result()).isEqualTo("ok");
        assertThat(log.get(4).elapsedMs()).isNotNull();
    }

    @Test
    @DisplayName("An operation ends once: a second end writes nothing")
    void anOperationEndsOnce() {
        OperationJournal j = journal(false);
        j.started("x");
        assertThat(j.end("failed", "step 2 failed")).isTrue();
        assertThat(j.end("ok", "done")).isFalse();
        assertThat(j.ended()).isTrue();
        assertThat(new TransitionLog(dir).read()).extracting(TransitionEntry::event)
                .containsExactly("operation-start", "operation-end");
    }

    @Test
    @DisplayName("A refusal is written as a refused line, also before the operation started")
    void aRefusalIsARefusedLine() {
        OperationJournal j = journal(false);
        j.end("refused", "bad name — rename it");
        assertThat(new TransitionLog(dir).read()).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo("refused");
            assertThat(e.result()).isEqualTo("refused");
            assertThat(e.operationId()).isEqualTo(j.id());
            assertThat(e.detail()).isEqualTo("bad name — rename it");
        });
    }

    @Test
    @DisplayName("A dry run writes only its refusal")
    void aDryRunWritesOnlyItsRefusal() {
        OperationJournal j = journal(true);
        j.started("x");
        j.stepStarted("n1", "s");
        j.stepEnded("n1", "s", "ok", null, 1);
        j.note(null, "n");
        j.end("dry-run", "would do");
        assertThat(new TransitionLog(dir).read()).isEmpty();
        OperationJournal refused = journal(true);
        refused.end("refused", "no");
        assertThat(new TransitionLog(dir).read()).extracting(TransitionEntry::event).containsExactly("refused");
    }

    @Test
    @DisplayName("Without a transition log (no config) nothing is written and nothing fails")
    void withoutATransitionLogNothingIsWritten() {
        OperationJournal j = new OperationJournal(null, null, "db-backup", "alice", "why", false);
        j.markMaintenance();
        j.started("x");
        j.note(null, "n");
        assertThat(j.end("ok", "done")).isTrue();
        j.release();
        assertThat(dir.resolve(TransitionLog.FILE_NAME)).doesNotExist();
    }

    @Test
    @DisplayName("A maintenance mark names the operation until it is released, and leaves the pair lock free")
    void aMaintenanceMarkLeavesThePairLockFree() {
        OperationJournal j = journal(false);
        j.markMaintenance();
        assertThat(PairLock.maintenance(dir)).singleElement()
                .satisfies(h -> assertThat(h.operationId()).isEqualTo(j.id()));
        assertThat(PairLock.current(dir)).isEmpty();
        j.release();
        assertThat(PairLock.maintenance(dir)).isEmpty();
    }

    @Test
    @DisplayName("The pair lock is held from lockPair until release")
    void thePairLockIsHeldUntilRelease() {
        OperationJournal j = journal(false);
        j.lockPair();
        assertThat(PairLock.current(dir)).hasValueSatisfying(h -> assertThat(h.operationId()).isEqualTo(j.id()));
        j.release();
        assertThat(PairLock.current(dir)).isEmpty();
    }

    @Test
    @DisplayName("A refusal before any operation began is one refused line without an id")
    void aRefusalBeforeAnyOperationBeganHasNoId() {
        OperationJournal.refusedBeforeStart(new TransitionLog(dir), "pair1", "start", "alice", "why", "no node n3",
                "use n1 or n2");
        assertThat(new TransitionLog(dir).read()).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo("refused");
            assertThat(e.operationId()).isNull();
            assertThat(e.detail()).isEqualTo("no node n3 — use n1 or n2");
            assertThat(e.elapsedMs()).isZero();
        });
    }
}
