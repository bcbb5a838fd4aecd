package io.hactl.ops.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hactl.db.ClientSession;
import io.hactl.db.DbAdminException;
import io.hactl.db.DbState;
import io.hactl.log.TransitionLog;
import io.hactl.model.DbProbe.Flavor;
import io.hactl.ops.Operation;
import io.hactl.ops.OperationRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, defect 1: the order of the old master's block against a recording stand-in for its
 * database: read_only, the write lock, sessions ended; at the release the sessions queued behind
 * the lock are ended <em>before</em> it is released; a rollback releases the lock, then read_only.
 */
class WriteBlockTest {

    @TempDir
    Path dir;

    final List<String> calls = new ArrayList<>();

    @Test
    @DisplayName("A planned switch strands writes from a privileged client: the lock is held until the queued sessions are ended")
    void aPlannedSwitchStrandsNoWrite_lockTakenAfterReadOnlyAndReleasedAfterTheQueuedSessionsEnded() {
        StringWriter out = new StringWriter();
        try (Operation op = runner(out).begin("db-master-set", "test")) {
            Changes changes = new Changes(op);
            RecordingDbAdmin db = recording(false, state(true));
            WriteBlock b = new WriteBlock(op, changes, "n1", db, Duration.ofSeconds(5));
            b.block(state(false));
            assertThat(calls).containsExactly("n1 sql: read_only=true", "n1 sql: lock", "n1 sql: kill sessions");
            assertThat(db.lockWait).isEqualTo(Duration.ofSeconds(5));
            assertThat(b.held()).isTrue();
            calls.clear();
            assertThat(b.release()).startsWith("sessions that waited behind the lock: ended 1");
            assertThat(calls).containsExactly("n1 sql: kill sessions", "n1 sql: unlock");
            assertThat(b.held()).isFalse();
            op.succeed("done");
        }
        assertThat(out.toString()).contains("n1   block every write (FLUSH TABLES WITH READ LOCK");
    }

    @Test
    @DisplayName("Issue 20: the lock waits for its session being opened ahead, then locks in it; a failed opening leaves the lock to open its own")
    void theLockWaitsForItsSessionOpenedAhead() throws Exception {
        try (Operation op = runner(new StringWriter()).begin("db-master-set", "test")) {
            java.util.concurrent.CountDownLatch opening = new java.util.concurrent.CountDownLatch(1);
            RecordingDbAdmin db = new RecordingDbAdmin("n1", calls) {
                @Override
                public DbState state() {
                    return WriteBlockTest.this.state(false);
                }

                @Override
                public void prepareLockSession(Duration wait) {
                    try {
                        opening.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    calls.add("n1 sql: lock session opened (wait " + wait.toSeconds() + " s)");
                }
            };
            WriteBlock b = new WriteBlock(op, new Changes(op), "n1", db, Duration.ofSeconds(5));
            b.lockPreparedBy(java.util.concurrent.CompletableFuture.runAsync(() -> db.prepareLockSession(b.lockWait())));
            b.readOnly(state(false));
            opening.countDown();
            b.lock(false);
            assertThat(calls).containsExactly("n1 sql: read_only=true", "n1 sql: lock session opened (wait 5 s)",
                    "n1 sql: lock");
            assertThat(b.held()).isTrue();

            calls.clear();
            WriteBlock failed = new WriteBlock(op, new Changes(op), "n1", recording(false, state(true)), Duration.ofSeconds(5));
            failed.lockPreparedBy(java.util.concurrent.CompletableFuture.failedFuture(new DbAdminException("refused", 1045)));
            failed.lock(false);
            assertThat(calls).containsExactly("n1 sql: lock");
            assertThat(failed.held()).isTrue();
            op.succeed("locked");
        }
    }

    @Test
    void aRollbackReleasesTheLockThenSetsReadOnlyBack() {
        try (Operation op = runner(new StringWriter()).begin("db-master-set", "test")) {
            Changes changes = new Changes(op);
            WriteBlock b = new WriteBlock(op, changes, "n1", recording(false, state(true)), Duration.ofSeconds(5));
            b.block(state(false));
            calls.clear();
            assertThat(changes.rollback()).isEmpty();
            assertThat(calls).containsExactly("n1 sql: unlock", "n1 sql: read_only=false");
            op.succeed("rolled back");
        }
    }

    @Test
    void aWriteThatHoldsTheLockUpIsNamedAndRefused() {
        try (Operation op = runner(new StringWriter()).begin("db-master-set", "test")) {
            Changes changes = new Changes(op);
            RecordingDbAdmin db = recording(true, state(true));
            WriteBlock b = new WriteBlock(op, changes, "n1", db, Duration.ofSeconds(5));
            assertThatThrownBy(() -> b.block(state(false))).isInstanceOf(WriteBlock.Held.class)
                    .hasMessageStartingWith("n1: FLUSH TABLES WITH READ LOCK waited 5 s for writes that run: 42"
                            + " app@198.51.100.1:5000/hactl_demo (Query) for 37 s, Updating")
                    .satisfies(e -> assertThat(((WriteBlock.Held) e).fix()).isEqualTo("let it finish, or end it (on n1:"
                            + " KILL 42), then run the switch again"));
            assertThat(changes.rollback()).isEmpty();
            assertThat(calls).containsExactly("n1 sql: read_only=true", "n1 sql: lock", "n1 sql: read_only=false");
            assertThat(db.lockWait).isEqualTo(Duration.ofSeconds(5));
            op.succeed("refused");
        }
    }

    @Test
    void aWriteThatLandedAfterTheLockIsNamed() {
        try (Operation op = runner(new StringWriter()).begin("db-master-set", "test")) {
            WriteBlock b = new WriteBlock(op, new Changes(op), "n1", recording(false, state("0-1-9")),
                    Duration.ofSeconds(5));
            assertThat(b.checkNothingLanded("n2", state("0-1-9"))).isEqualTo("GTID 0-1-9: nothing n2 lacks");
            assertThatThrownBy(() -> b.checkNothingLanded("n2", state("0-1-8")))
                    .hasMessageStartingWith("n1 took writes after the lock: n1 has 1 transaction that n2 lacks: 0-1-9");
            op.succeed("checked");
        }
    }

    private OperationRunner runner(StringWriter out) {
        return new OperationRunner(new TransitionLog(dir), new PrintWriter(out, true), "pair1", "test", "WriteBlockTest",
                false);
    }

    DbState state(boolean readOnly) {
        return new DbState(Flavor.MARIADB, "10.11", 1, readOnly, null, false, true, true, "0-1-7", null, "0-1-7", "", null,
                null);
    }

    DbState state(String pos) {
        return new DbState(Flavor.MARIADB, "10.11", 1, true, null, false, true, true, pos, null, pos, "", null, null);
    }

    /**
     * The "server" n1 ({@link RecordingDbAdmin}, its changes into {@link #calls}) with the given state and one client
     * session, queued behind the lock; {@code lockTimesOut}: the lock times out (error 1205).
     */
    RecordingDbAdmin recording(boolean lockTimesOut, DbState state) {
        RecordingDbAdmin db = new RecordingDbAdmin("n1", calls) {
            @Override
            public DbState state() {
                return state;
            }
        };
        db.sessions = List.of(new ClientSession(42, "app", "198.51.100.1:5000", "hactl_demo", "Query", 37, "Updating"));
        if (lockTimesOut) {
            db.lockRefusal = new DbAdminException("n1: FLUSH TABLES WITH READ LOCK failed: Lock wait timeout exceeded"
                    + " [error 1205]", 1205);
        }
        return db;
    }
}
