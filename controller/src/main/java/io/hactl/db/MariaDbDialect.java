package io.hactl.db;

import io.hactl.model.DbProbe.Flavor;
import java.time.Duration;
import java.util.List;

/** MariaDB 10.x/11.x statements (tested live on 10.11 in the lab). */
public final class MariaDbDialect implements SqlDialect {

    @Override
    public Flavor flavor() {
        return Flavor.MARIADB;
    }

    @Override
    public Sql readState() {
        return Sql.of("SELECT @@version AS version, @@version_comment AS comment, @@server_id AS server_id,"
                + " @@read_only AS read_only, NULL AS super_read_only, @@log_bin AS log_bin,"
                + " @@log_slave_updates AS log_replica_updates, @@gtid_binlog_pos AS gtid_binlog_pos,"
                + " @@gtid_binlog_state AS gtid_binlog_state, @@gtid_current_pos AS gtid_current_pos,"
                + " @@gtid_slave_pos AS gtid_slave_pos, NULL AS gtid_executed, @@log_bin_basename AS log_bin_basename");
    }

    @Override
    public Sql readOnlyFromOptionFile() {
        return Sql.of("SELECT COUNT(*) FROM information_schema.SYSTEM_VARIABLES WHERE VARIABLE_NAME = 'READ_ONLY'"
                + " AND GLOBAL_VALUE_ORIGIN = 'CONFIG' AND GLOBAL_VALUE = 'ON'");
    }

    @Override
    public Sql replicaStatus() {
        return Sql.of("SHOW SLAVE STATUS");
    }

    @Override
    public Sql lockWaitTimeout(Duration d) {
        return Sql.of("SET SESSION lock_wait_timeout = " + Math.max(1, d.toSeconds()));
    }

    @Override
    public List<Sql> setReadOnly(boolean on) {
        // MariaDB has no super_read_only: users with READ_ONLY ADMIN (SUPER, ALL PRIVILEGES) can still write
        return List.of(Sql.of("SET GLOBAL read_only = " + (on ? "ON" : "OFF")));
    }

    @Override
    public Sql processList() {
        return Sql.of("SELECT ID, USER, HOST, DB, COMMAND, TIME, STATE FROM information_schema.PROCESSLIST"
                + " WHERE ID <> CONNECTION_ID()");
    }

    @Override
    public Sql kill(long id) {
        return Sql.of("KILL CONNECTION " + id);
    }

    @Override
    public Sql lockAllWrites() {
        return Sql.of("FLUSH TABLES WITH READ LOCK");
    }

    @Override
    public Sql unlockAllWrites() {
        return Sql.of("UNLOCK TABLES");
    }

    @Override
    public Sql waitForGtid(String position, Duration timeout) {
        return Sql.of("SELECT MASTER_GTID_WAIT(?, ?)", position, SqlDialect.seconds(timeout));
    }

    @Override
    public boolean waitReached(long result) {
        return result == 0;
    }

    @Override
    public Sql stopReplication() {
        return Sql.of("STOP SLAVE");
    }

    @Override
    public List<Sql> semiSyncReplicaPause() {
        return List.of(Sql.of("SET @hactl_kill_conn_timeout = @@GLOBAL.rpl_semi_sync_slave_kill_conn_timeout,"
                + " GLOBAL rpl_semi_sync_slave_kill_conn_timeout = 1"));
    }

    @Override
    public List<Sql> semiSyncReplicaRestore() {
        return List.of(Sql.of("SET GLOBAL rpl_semi_sync_slave_kill_conn_timeout = @hactl_kill_conn_timeout"));
    }

    @Override
    public Sql startReplication() {
        return Sql.of("START SLAVE");
    }

    @Override
    public Sql stopIoThread() {
        return Sql.of("STOP SLAVE IO_THREAD");
    }

    @Override
    public Sql startSqlThread() {
        return Sql.of("START SLAVE SQL_THREAD");
    }

    @Override
    public Sql resetReplication() {
        return Sql.of("RESET SLAVE ALL");
    }

    @Override
    public List<Sql> pointAt(ReplicationSource source, String seed) {
        return List.of(
                Sql.of("SET GLOBAL gtid_slave_pos = ?", seed == null ? "" : seed),
                Sql.of("CHANGE MASTER TO MASTER_HOST = ?, MASTER_PORT = " + source.port() + ", MASTER_USER = ?,"
                        + " MASTER_PASSWORD = ?, MASTER_USE_GTID = slave_pos, MASTER_CONNECT_RETRY = 1,"
                        + " MASTER_HEARTBEAT_PERIOD = 1", source.host(), source.user(), source.password()));
    }

    @Override
    public List<Sql> forgetHistory(String position) {
        if (position == null || position.isBlank()) {
            return List.of(Sql.of("RESET MASTER"));
        }
        // the binlog state starts where the copy is: else this node's own next transaction, once it is
        // the master, gets sequence number 1 in the domain, and a replica already past it (the old
        // master at 0-1-N) skips it without a word: a lost write
        return List.of(Sql.of("RESET MASTER"), Sql.of("SET GLOBAL gtid_binlog_state = ?", position));
    }

    @Override
    public Sql tables(String schema) {
        return Sql.of("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?"
                + " AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME", schema);
    }

    @Override
    public Sql checksum(String schema, String table) {
        return Sql.of("CHECKSUM TABLE " + SqlDialect.ident(schema) + "." + SqlDialect.ident(table));
    }
}
