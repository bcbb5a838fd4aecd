package io.hactl.ops.db;

import io.hactl.db.ClientSession;
import io.hactl.db.DbAdmin;
import io.hactl.db.DbAdminException;
import io.hactl.db.DbState;
import io.hactl.db.ReplicationSource;
import io.hactl.db.Sql;
import io.hactl.db.WriteLock;
import io.hactl.model.DbProbe.Flavor;
import io.hactl.model.ReplicaStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A node's database for the tests of the switch, the failover and the write block: each change is recorded as a
 * "{@code node sql: ...}" line into a list the test shares with its other stand-ins (the shell's "{@code node sh:
 * ...}" lines), so one list shows the order of everything done to the pair. n1 is the master, n2 its replica
 * (threads running), both at 0-1-7; a test that needs another server state overrides {@link #state()}, and sets
 * the fields for the rest (the sessions the server has, a lock that times out).
 */
class RecordingDbAdmin implements DbAdmin {
    final String node;
    final List<String> effects;
    boolean readOnly;
    boolean replica;
    boolean running;
    /** What clientSessions() and killClientSessions() answer; none unless the test sets some. */
    List<ClientSession> sessions = List.of();
    /** Thrown by lockWrites() after it is recorded, when the test wants the lock to time out; null: granted. */
    DbAdminException lockRefusal;
    /** The wait the last lockWrites() was given, null before one. */
    Duration lockWait;

    RecordingDbAdmin(String node, List<String> effects) {
        this.node = node;
        this.effects = effects;
        this.readOnly = node.equals("n2");
        this.replica = node.equals("n2");
        this.running = replica;
    }

    /** Called once replication is started (after it is recorded); the switch's test releases a latch here. */
    void replicationStarted() {
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public Flavor flavor() {
        return Flavor.MARIADB;
    }

    @Override
    public DbState state() {
        String from = node.equals("n2") ? "198.51.100.11" : "198.51.100.12";
        ReplicaStatus r = replica ? new ReplicaStatus(from, 3306, running ? "Yes" : "No", running, 0L, 0, "", 0, "",
                "0-1-7", "Slave_Pos") : null;
        return new DbState(Flavor.MARIADB, "10.11", node.equals("n1") ? 1 : 2, readOnly, null, false, true, true,
                "0-1-7", "0-1-7", "0-1-7", "0-1-7", null, r);
    }

    @Override
    public void setReadOnly(boolean on) {
        effects.add(node + " sql: read_only=" + on);
        readOnly = on;
    }

    @Override
    public List<ClientSession> killClientSessions() {
        effects.add(node + " sql: kill sessions");
        return sessions;
    }

    @Override
    public List<ClientSession> clientSessions() {
        return sessions;
    }

    @Override
    public WriteLock lockWrites(Duration wait) {
        effects.add(node + " sql: lock");
        lockWait = wait;
        if (lockRefusal != null) {
            throw lockRefusal;
        }
        return new WriteLock() {
            @Override
            public long sessionId() {
                return 77;
            }

            @Override
            public void close() {
                effects.add(node + " sql: unlock");
            }
        };
    }

    @Override
    public boolean waitForGtid(String position, Duration timeout) {
        effects.add(node + " sql: wait for " + position);
        return true;
    }

    @Override
    public void stopReplication() {
        effects.add(node + " sql: stop replication");
        running = false;
    }

    @Override
    public void stopReceiving() {
        effects.add(node + " sql: stop receiving");
    }

    @Override
    public void resetReplication() {
        effects.add(node + " sql: reset replication");
        replica = false;
    }

    @Override
    public void pointAt(ReplicationSource source, String seed) {
        effects.add(node + " sql: point at " + source);
        replica = true;
    }

    @Override
    public void startReplication() {
        effects.add(node + " sql: start replication");
        running = true;
        replicationStarted();
    }

    @Override
    public void startSqlThread() {
        effects.add(node + " sql: start the SQL thread");
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
        effects.add(node + " sql: " + sql);
    }

    @Override
    public void close() {
    }
}
