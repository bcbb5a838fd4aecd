package io.hactl.control;

import io.hactl.db.ClientSession;
import io.hactl.db.DbAdmin;
import io.hactl.db.DbState;
import io.hactl.db.ReplicationSource;
import io.hactl.db.Sql;
import io.hactl.db.WriteLock;
import io.hactl.model.DbProbe.Flavor;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A node's database as an operation of a coordinated controller changes it (issue 16): before each
 * change (read_only, killing sessions, the write lock, CHANGE MASTER and the rest) the epoch's check
 * runs on the node over SSH ({@link EpochSteps#checkNode}); a node that has seen a newer epoch
 * refuses it, and the change does not run. Reads go straight through.
 *
 * <p>A window remains between that check and the statement (one SSH round trip, milliseconds): a
 * new leader acting in it would not be seen. It is safe: the new leader's first step on the node
 * records its higher epoch there, so this controller's next change is refused; and a new leader
 * re-probes the pair and waits for an acknowledgement before its first step, far longer than the
 * window.
 */
final class GuardedDbAdmin implements DbAdmin {

    private final DbAdmin db;
    private final EpochSteps steps;

    GuardedDbAdmin(DbAdmin db, EpochSteps steps) {
        this.db = db;
        this.steps = steps;
    }

    private void check() {
        steps.checkNode(db.node());
    }

    @Override
    public String node() {
        return db.node();
    }

    @Override
    public Flavor flavor() {
        return db.flavor();
    }

    @Override
    public DbState state() {
        return db.state();
    }

    @Override
    public void setReadOnly(boolean on) {
        check();
        db.setReadOnly(on);
    }

    @Override
    public List<ClientSession> killClientSessions() {
        check();
        return db.killClientSessions();
    }

    @Override
    public List<ClientSession> clientSessions() {
        return db.clientSessions();
    }

    @Override
    public WriteLock lockWrites(Duration wait) {
        check();
        return db.lockWrites(wait);
    }

    @Override
    public boolean waitForGtid(String position, Duration timeout) {
        return db.waitForGtid(position, timeout);
    }

    @Override
    public void stopReplication() {
        check();
        db.stopReplication();
    }

    @Override
    public void stopReceiving() {
        check();
        db.stopReceiving();
    }

    @Override
    public void resetReplication() {
        check();
        db.resetReplication();
    }

    @Override
    public void pointAt(ReplicationSource source, String seed) {
        check();
        db.pointAt(source, seed);
    }

    @Override
    public void startReplication() {
        check();
        db.startReplication();
    }

    @Override
    public void startSqlThread() {
        check();
        db.startSqlThread();
    }

    @Override
    public void forgetHistory(String position) {
        check();
        db.forgetHistory(position);
    }

    @Override
    public List<String> tables(String schema) {
        return db.tables(schema);
    }

    @Override
    public Long checksum(String schema, String table) {
        return db.checksum(schema, table);
    }

    @Override
    public List<Map<String, String>> query(Sql sql) {
        return db.query(sql);
    }

    @Override
    public void execute(Sql sql) {
        check();
        db.execute(sql);
    }

    @Override
    public void close() {
        db.close();
    }
}
