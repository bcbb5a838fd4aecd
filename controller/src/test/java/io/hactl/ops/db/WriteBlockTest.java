package io.hactl.ops.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hactl.db.ClientSession;
import io.hactl.db.DbAdmin;
import io.hactl.db.DbAdminException;
import io.hactl.db.DbState;
import io.hactl.db.ReplicationSource;
import io.hactl.db.Sql;
import io.hactl.db.WriteLock;
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
import java.util.Map;
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
            WriteBlock b = new WriteBlock(op, changes, "n1", new Recording(false), Duration.ofSeconds(5));
            b.block(state(false));
            assertThat(calls).containsExactly("read_only=true", "lock 5s", "kill (lock session 77 spared)");
            assertThat(b.held()).isTrue();
            calls.clear();
            assertThat(b.release()).startsWith("sessions that waited behind the lock: ended 1");
            assertThat(calls).containsExactly("kill (lock session 77 spared)", "unlock");
            assertThat(b.held()).isFalse();
            op.succeed("done");
        }
        assertThat(out.toString()).contains("n1   block every write (FLUSH TABLES WITH READ LOCK");
    }

    @Test
    void aRollbackReleasesTheLockThenSetsReadOnlyBack() {
        try (Operation op = runner(new StringWriter()).begin("db-master-set", "test")) {
            Changes changes = new Changes(op);
            WriteBlock b = new WriteBlock(op, changes, "n1", new Recording(false), Duration.ofSeconds(5));
            b.block(state(false));
            calls.clear();
            assertThat(changes.rollback()).isEmpty();
            assertThat(calls).containsExactly("unlock", "read_only=false");
            op.succeed("rolled back");
        }
    }

    @Test
    void aWriteThatHoldsTheLockUpIsNamedAndRefused() {
        try (Operation op = runner(new StringWriter()).begin("db-master-set", "test")) {
            Changes changes = new Changes(op);
            WriteBlock b = new WriteBlock(op, changes, "n1", new Recording(true), Duration.ofSeconds(5));
            assertThatThrownBy(() -> b.block(state(false))).isInstanceOf(WriteBlock.Held.class)
                    .hasMessageStartingWith("n1: FLUSH TABLES WITH READ LOCK waited 5 s for writes that run: 42"
                            + " app@198.51.100.1:5000/hactl_demo (Query) for 37 s, Updating")
                    .satisfies(e -> assertThat(((WriteBlock.Held) e).fix()).isEqualTo("let it finish, or end it (on n1:"
                            + " KILL 42), then run the switch again"));
            assertThat(changes.rollback()).isEmpty();
            assertThat(calls).containsExactly("read_only=true", "lock 5s", "read_only=false");
            op.succeed("refused");
        }
    }

    @Test
    void aWriteThatLandedAfterTheLockIsNamed() {
        try (Operation op = runner(new StringWriter()).begin("db-master-set", "test")) {
            WriteBlock b = new WriteBlock(op, new Changes(op), "n1", new Recording(false) {
                @Override
                public DbState state() {
                    return WriteBlockTest.this.state("0-1-9");
                }
            }, Duration.ofSeconds(5));
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

    /** Records what is done to the "server"; one client session, queued behind the lock. */
    class Recording implements DbAdmin {
        private final boolean lockTimesOut;

        Recording(boolean lockTimesOut) {
            this.lockTimesOut = lockTimesOut;
        }

        @Override
        public String node() {
            return "n1";
        }

        @Override
        public Flavor flavor() {
            return Flavor.MARIADB;
        }

        @Override
        public DbState state() {
            return WriteBlockTest.this.state(true);
        }

        @Override
        public void setReadOnly(boolean on) {
            calls.add("read_only=" + on);
        }

        @Override
        public List<ClientSession> killClientSessions() {
            calls.add("kill (lock session 77 spared)");
            return clientSessions();
        }

        @Override
        public List<ClientSession> clientSessions() {
            return List.of(new ClientSession(42, "app", "198.51.100.1:5000", "hactl_demo", "Query", 37, "Updating"));
        }

        @Override
        public WriteLock lockWrites(Duration wait) {
            calls.add("lock " + wait.toSeconds() + "s");
            if (lockTimesOut) {
                throw new DbAdminException("n1: FLUSH TABLES WITH READ LOCK failed: Lock wait timeout exceeded"
                        + " [error 1205]", 1205);
            }
            return new WriteLock() {
                @Override
                public long sessionId() {
                    return 77;
                }

                @Override
                public void close() {
                    calls.add("unlock");
                }
            };
        }

        @Override
        public boolean waitForGtid(String position, Duration timeout) {
            return true;
        }

        @Override
        public void stopReplication() {
        }

        @Override
        public void resetReplication() {
        }

        @Override
        public void pointAt(ReplicationSource source, String seed) {
        }

        @Override
        public void startReplication() {
        }

        @Override
        public void startSqlThread() {
        }

        @Override
        public void forgetHistory(String position) {
        }

        @Override
        public List<String> tables(String schema) {
            return List.of();
        }

        @Override
        public Long checksum(String schema, String table) {
            return null;
        }

        @Override
        public List<Map<String, String>> query(Sql sql) {
            return List.of();
        }

        @Override
        public void execute(Sql sql) {
        }

        @Override
        public void close() {
        }
    }
}
