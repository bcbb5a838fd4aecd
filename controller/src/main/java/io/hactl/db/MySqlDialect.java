package io.hactl.db;

import io.hactl.model.DbProbe.Flavor;
import java.time.Duration;
import java.util.List;

/**
 * MySQL 5.7/8.x statements, by version: REPLICA/SOURCE wording from 8.0.22/8.0.23,
 * RESET BINARY LOGS AND GTIDS from 8.2 (8.4 dropped RESET MASTER). Not tested against a
 * live server (no MySQL package on this Debian): the statement text is unit-tested.
 */
public final class MySqlDialect implements SqlDialect {

    private final int[] version;

    public MySqlDialect(String version) {
        this.version = parse(version);
    }

    static int[] parse(String version) {
        int[] v = new int[3];
        if (version == null) {
            return v;
        }
        String[] p = version.split("[^0-9]+");
        for (int i = 0, j = 0; i < p.length && j < 3; i++) {
            if (!p[i].isEmpty()) {
                v[j++] = Integer.parseInt(p[i]);
            }
        }
        return v;
    }

    boolean atLeast(int major, int minor, int patch) {
        if (version[0] != major) {
            return version[0] > major;
        }
        if (version[1] != minor) {
            return version[1] > minor;
        }
        return version[2] >= patch;
    }

    @Override
    public Flavor flavor() {
        return Flavor.MYSQL;
    }

    @Override
    public Sql readState() {
        return Sql.of("SELECT @@version AS version, @@version_comment AS comment, @@server_id AS server_id,"
                + " @@read_only AS read_only, @@super_read_only AS super_read_only, @@log_bin AS log_bin,"
                + " @@" + (atLeast(8, 0, 26) ? "log_replica_updates" : "log_slave_updates") + " AS log_replica_updates,"
                + " NULL AS gtid_binlog_pos, NULL AS gtid_binlog_state, NULL AS gtid_current_pos,"
                + " NULL AS gtid_slave_pos, @@global.gtid_executed AS gtid_executed, @@log_bin_basename AS log_bin_basename");
    }

    @Override
    public Sql readOnlyFromOptionFile() {
        return Sql.of("SELECT COUNT(*) FROM performance_schema.variables_info i JOIN performance_schema.global_variables g"
                + " ON g.VARIABLE_NAME = i.VARIABLE_NAME WHERE i.VARIABLE_NAME = 'read_only'"
                + " AND i.VARIABLE_SOURCE IN ('EXPLICIT', 'PERSISTED') AND g.VARIABLE_VALUE = 'ON'");
    }

    @Override
    public Sql replicaStatus() {
        return Sql.of(atLeast(8, 0, 22) ? "SHOW REPLICA STATUS" : "SHOW SLAVE STATUS");
    }

    @Override
    public Sql lockWaitTimeout(Duration d) {
        return Sql.of("SET SESSION lock_wait_timeout = " + Math.max(1, d.toSeconds()));
    }

    @Override
    public List<Sql> setReadOnly(boolean on) {
        // super_read_only=ON implies read_only=ON and also stops users with SUPER/CONNECTION_ADMIN
        return on ? List.of(Sql.of("SET GLOBAL super_read_only = ON"))
                : List.of(Sql.of("SET GLOBAL super_read_only = OFF"), Sql.of("SET GLOBAL read_only = OFF"));
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
        return Sql.of("SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)", position, SqlDialect.seconds(timeout));
    }

    @Override
    public boolean waitReached(long result) {
        return result == 0;
    }

    @Override
    public Sql stopReplication() {
        return Sql.of(atLeast(8, 0, 22) ? "STOP REPLICA" : "STOP SLAVE");
    }

    @Override
    public Sql startReplication() {
        return Sql.of(atLeast(8, 0, 22) ? "START REPLICA" : "START SLAVE");
    }

    @Override
    public Sql stopIoThread() {
        return Sql.of(atLeast(8, 0, 22) ? "STOP REPLICA IO_THREAD" : "STOP SLAVE IO_THREAD");
    }

    @Override
    public Sql startSqlThread() {
        return Sql.of(atLeast(8, 0, 22) ? "START REPLICA SQL_THREAD" : "START SLAVE SQL_THREAD");
    }

    @Override
    public Sql resetReplication() {
        return Sql.of(atLeast(8, 0, 22) ? "RESET REPLICA ALL" : "RESET SLAVE ALL");
    }

    @Override
    public List<Sql> pointAt(ReplicationSource source, String seed) {
        if (atLeast(8, 0, 23)) {
            return List.of(Sql.of("CHANGE REPLICATION SOURCE TO SOURCE_HOST = ?, SOURCE_PORT = " + source.port()
                    + ", SOURCE_USER = ?, SOURCE_PASSWORD = ?, SOURCE_AUTO_POSITION = 1, SOURCE_CONNECT_RETRY = 1,"
                    + " SOURCE_HEARTBEAT_PERIOD = 1", source.host(), source.user(), source.password()));
        }
        return List.of(Sql.of("CHANGE MASTER TO MASTER_HOST = ?, MASTER_PORT = " + source.port() + ", MASTER_USER = ?,"
                + " MASTER_PASSWORD = ?, MASTER_AUTO_POSITION = 1, MASTER_CONNECT_RETRY = 1,"
                + " MASTER_HEARTBEAT_PERIOD = 1", source.host(), source.user(), source.password()));
    }

    @Override
    public List<Sql> forgetHistory(String position) {
        return List.of(Sql.of(atLeast(8, 2, 0) ? "RESET BINARY LOGS AND GTIDS" : "RESET MASTER"),
                Sql.of("SET GLOBAL gtid_purged = ?", position == null ? "" : position));
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
