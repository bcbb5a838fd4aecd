package io.hactl.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.log.TransitionEntry;
import io.hactl.log.TransitionLog;
import io.hactl.ops.Operation;
import io.hactl.ops.OperationRunner;
import io.hactl.pair.PairLock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backup's journal: its own words on the terminal, the operations' lines in the transition log. */
class JournalTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();

    private Journal journal(TransitionLog log) {
        return new Journal(new PrintWriter(out, true), log, "pair1", "db-copy", "alice@host", "maintenance");
    }

    @Test
    @DisplayName("A backup journal prints its own words and logs the operation lines under one id")
    void aBackupJournalLogsTheOperationLinesUnderOneId() {
        Journal j = journal(new TransitionLog(dir));
        j.begin("copy a into b");
        j.note("n2", "created database b");
        j.print("3 tables");
        j.step("n1", "copy a", true, "1.0 MB in 0.1 s", 5_000_000);
        j.done("a copied into b");
        assertThat(out.toString()).isEqualTo(String.join(System.lineSeparator(), "db-copy: copy a into b",
                "  created database b", "  3 tables", "  copy a: 1.0 MB in 0.1 s", "db-copy: done. a copied into b", ""));
        List<TransitionEntry> log = new TransitionLog(dir).read();
        assertThat(log).extracting(TransitionEntry::event)
                .containsExactly("operation-start", "note", "step-end", "operation-end");
        assertThat(log).extracting(TransitionEntry::operationId).containsOnly(log.get(0).operationId());
        assertThat(log.get(2).elapsedMs()).isEqualTo(5L);
        assertThat(j.ended()).isTrue();
    }

    @Test
    @DisplayName("A backup marks a maintenance instead of taking the pair lock: a failover never waits for it")
    void aBackupMarksAMaintenanceAndLeavesThePairFree() {
        Journal j = journal(new TransitionLog(dir));
        j.begin("dump a");
        assertThat(PairLock.maintenance(dir)).singleElement().satisfies(h -> assertThat(h.operation()).isEqualTo("db-copy"));
        OperationRunner runner = new OperationRunner(new TransitionLog(dir), new PrintWriter(new StringWriter()), "pair1",
                "bob", "failover", false);
        try (Operation op = runner.begin("failover", "promote n2")) {
            op.succeed("n2 is master");
        }
        j.fail("the dump stalled");
        assertThat(PairLock.maintenance(dir)).isEmpty();
        assertThat(out.toString()).contains("db-copy: FAILED: the dump stalled");
    }

    @Test
    @DisplayName("A refusal says why, what to do and that nothing changed, and is logged as refused")
    void aRefusalIsPrintedAndLogged() {
        Journal j = journal(new TransitionLog(dir));
        j.refuse("--origin-database 'a b' is not a database name", "use letters, digits and _");
        assertThat(out.toString()).contains("db-copy: REFUSED: --origin-database 'a b' is not a database name",
                "  what to do: use letters, digits and _", "  nothing was changed.");
        assertThat(new TransitionLog(dir).read()).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo("refused");
            assertThat(e.operationId()).isNotNull();
        });
    }

    @Test
    @DisplayName("Without a config the journal only prints")
    void withoutAConfigTheJournalOnlyPrints() {
        Journal j = journal(null);
        j.begin("dump a");
        j.done("a dumped");
        assertThat(out.toString()).contains("db-copy: dump a", "db-copy: done. a dumped");
        assertThat(dir.resolve(TransitionLog.FILE_NAME)).doesNotExist();
    }

    @Test
    @DisplayName("A transition log that cannot be written is a warning, and the backup goes on")
    void anUnwritableLogIsAWarning() throws Exception {
        Files.createDirectories(dir.resolve(TransitionLog.FILE_NAME));      // a directory where the log should be
        Journal j = journal(new TransitionLog(dir));
        j.begin("dump a");
        j.done("a dumped");
        assertThat(out.toString()).contains("  warning: cannot write the transition log: ", "db-copy: done. a dumped");
    }
}
