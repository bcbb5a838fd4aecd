package io.hactl.probe;

import io.hactl.config.DatabaseConfig;
import io.hactl.model.DbProbe;
import io.hactl.model.ReplicaStatus;
import io.hactl.model.SemiSync;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one node's database over TCP with Connector/J: version and flavor, read_only,
 * replication status (SHOW SLAVE STATUS, or SHOW REPLICA STATUS on MySQL 8.0.22+), GTID
 * positions, the binlog position, and the origin of the server's own GTIDs (server_id,
 * MySQL's server_uuid: what tells a replica's errant transactions from those in flight) and its pid file.
 * Connect and read timeouts on every connection: a partitioned node returns "not responding", never a
 * hang, with the failure's kind (refused, timeout, login refused: issue 20). It only reads.
 */
public final class DbProber {

    private final DatabaseConfig cfg;

    public DbProber(DatabaseConfig cfg) {
        this.cfg = cfg;
    }

    public DbProbe probe(String host) {
        Connection opened;
        try {
            opened = connect(host);
        } catch (IllegalStateException e) {
            return DbProbe.notResponding(e.getMessage());
        } catch (SQLException e) {
            return DbProbe.notResponding(failure(e), shortMessage(e));
        }
        try (Connection c = opened; Statement st = c.createStatement()) {
            st.setQueryTimeout((int) Math.max(1, cfg.readTimeout().toSeconds()));
            Map<String, String> v = row(st, "SELECT @@version AS version, @@version_comment AS comment, @@read_only AS ro,"
                    + " @@server_id AS sid, @@pid_file AS pidfile");
            String version = ReplicaStatusParser.stripMariadbPrefix(v.get("version"));
            boolean mariadb = ReplicaStatusParser.isMariadb(version, v.get("comment"));
            boolean readOnly = "1".equals(v.get("ro"));
            ReplicaStatus replica;
            String gtidCurrent;
            String gtidBinlog;
            String gtidState = null;
            // the origin of this server's own GTIDs: MariaDB's server_id, MySQL's server_uuid
            String serverId = v.get("sid");
            Map<String, String> binlog;
            if (mariadb) {
                replica = ReplicaStatusParser.parse(row(st, "SHOW SLAVE STATUS"));
                Map<String, String> g = row(st, "SELECT @@gtid_current_pos AS cur, @@gtid_binlog_pos AS bin,"
                        + " @@gtid_binlog_state AS st");
                gtidCurrent = g.get("cur");
                gtidBinlog = g.get("bin");
                gtidState = g.get("st");
                binlog = row(st, "SHOW MASTER STATUS");
            } else {
                replica = ReplicaStatusParser.parse(row(st, mysqlReplicaStatement(version)));
                Map<String, String> g = row(st, "SELECT @@global.gtid_executed AS g, @@server_uuid AS uuid");
                gtidCurrent = g.get("g");
                serverId = g.get("uuid");
                gtidBinlog = null;
                binlog = row(st, mysqlBinlogStatement(version));
            }
            SemiSync semiSync = SemiSync.from(rows(st, mariadb ? MARIADB_SEMI_SYNC : MYSQL_SEMI_SYNC));
            return new DbProbe(true, null, mariadb ? DbProbe.Flavor.MARIADB : DbProbe.Flavor.MYSQL, version,
                    readOnly, replica, gtidCurrent == null ? null : gtidCurrent.replace("\n", ""),
                    gtidBinlog, binlog.get("File"),
                    binlog.get("Position") == null ? null : Long.valueOf(binlog.get("Position")), gtidState, serverId,
                    v.get("pidfile"), null, semiSync);
        } catch (SQLException e) {
            return DbProbe.notResponding(failure(e), shortMessage(e));
        }
    }

    /**
     * A connection to {@code host} as the probes open it: the database user, its connect and read timeouts,
     * TLS when the server offers it. The caller closes it.
     *
     * @throws IllegalStateException when the password cannot be read (its file: the message says which)
     */
    public Connection connect(String host) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://" + host + ":" + cfg.port() + "/", cfg.connectionProperties());
    }

    /** How long a read may wait for the server (the watch's wait must be shorter). */
    public java.time.Duration readTimeout() {
        return cfg.readTimeout();
    }

    /**
     * What kind of failure, from Connector/J's cause: a {@link ConnectException} is the host's refusal (nothing
     * listens), a {@link SocketTimeoutException} no answer in time (a lost link, or a server that accepts and
     * stays silent: SIGSTOP), SQLState 28000 / error 1045 a login the running server refused; else the words.
     */
    static DbProbe.Failure failure(SQLException e) {
        if (e.getErrorCode() == 1045 || "28000".equals(e.getSQLState())) {
            return DbProbe.Failure.AUTH;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return DbProbe.Failure.TIMEOUT;
            }
            if (t instanceof ConnectException) {
                String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(java.util.Locale.ROOT);
                return m.contains("timed out") ? DbProbe.Failure.TIMEOUT
                        : m.contains("refused") ? DbProbe.Failure.REFUSED : DbProbe.Failure.OTHER;
            }
        }
        return DbProbe.Failure.of(shortMessage(e));
    }

    /** MariaDB's semi-sync settings and status, name and value; none when it has none (before 10.3). */
    static final String MARIADB_SEMI_SYNC = "SELECT VARIABLE_NAME, VARIABLE_VALUE FROM information_schema.GLOBAL_VARIABLES"
            + " WHERE VARIABLE_NAME LIKE 'RPL\\_SEMI\\_SYNC\\_%' UNION ALL SELECT VARIABLE_NAME, VARIABLE_VALUE"
            + " FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN ('RPL_SEMI_SYNC_MASTER_STATUS',"
            + " 'RPL_SEMI_SYNC_MASTER_CLIENTS')";

    /** MySQL's, in either generation's names; none without its semisync plugins. */
    static final String MYSQL_SEMI_SYNC = "SELECT VARIABLE_NAME, VARIABLE_VALUE FROM performance_schema.global_variables"
            + " WHERE VARIABLE_NAME LIKE 'rpl\\_semi\\_sync\\_%' UNION ALL SELECT VARIABLE_NAME, VARIABLE_VALUE"
            + " FROM performance_schema.global_status WHERE VARIABLE_NAME IN ('Rpl_semi_sync_master_status',"
            + " 'Rpl_semi_sync_master_clients', 'Rpl_semi_sync_source_status', 'Rpl_semi_sync_source_clients')";

    /** MySQL 8.0.22+ says SHOW REPLICA STATUS; older servers only know SHOW SLAVE STATUS. */
    static String mysqlReplicaStatement(String version) {
        return atLeast(version, 8, 0, 22) ? "SHOW REPLICA STATUS" : "SHOW SLAVE STATUS";
    }

    /** MySQL 8.2+ says SHOW BINARY LOG STATUS (8.4 removed SHOW MASTER STATUS). */
    static String mysqlBinlogStatement(String version) {
        return atLeast(version, 8, 2, 0) ? "SHOW BINARY LOG STATUS" : "SHOW MASTER STATUS";
    }

    static boolean atLeast(String version, int major, int minor, int patch) {
        String[] p = version.split("[^0-9]+");
        int[] v = new int[3];
        for (int i = 0; i < 3 && i < p.length; i++) {
            v[i] = p[i].isEmpty() ? 0 : Integer.parseInt(p[i]);
        }
        if (v[0] != major) {
            return v[0] > major;
        }
        if (v[1] != minor) {
            return v[1] > minor;
        }
        return v[2] >= patch;
    }

    /** A two-column result (name, value) as a map. */
    private static Map<String, String> rows(Statement st, String sql) throws SQLException {
        Map<String, String> m = new LinkedHashMap<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                m.put(rs.getString(1), rs.getString(2));
            }
        }
        return m;
    }

    private static Map<String, String> row(Statement st, String sql) throws SQLException {
        Map<String, String> m = new LinkedHashMap<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            if (rs.next()) {
                ResultSetMetaData md = rs.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    m.put(md.getColumnLabel(i), rs.getString(i));
                }
            }
        }
        return m;
    }

    private static String shortMessage(SQLException e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null) {
            msg = firstLine(msg) + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return firstLine(msg);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
