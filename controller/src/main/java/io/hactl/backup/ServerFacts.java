package io.hactl.backup;

import io.hactl.model.ReplicaStatus;
import io.hactl.probe.ReplicaStatusParser;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What hactl needs to know about a server before dumping from it or loading into it,
 * read with the mariadb client.
 *
 * @param replica     the replication status when replication is configured, else null
 * @param binlogOn    whether the server writes a binary log (a dump can record a position only then)
 * @param gtidPosition MariaDB: @@gtid_binlog_pos; MySQL: @@gtid_executed
 */
public record ServerFacts(String version, boolean mariadb, boolean readOnly, long serverId, String hostname,
                          int port, String datadir, boolean binlogOn, String gtidPosition, ReplicaStatus replica) {

    /** The same server, whatever address it was reached by: same host name, port, data directory and server id. */
    public boolean sameServerAs(ServerFacts o) {
        return serverId == o.serverId && port == o.port && hostname.equals(o.hostname) && datadir.equals(o.datadir);
    }

    public boolean replicaConfigured() {
        return replica != null;
    }

    /** "read_only=ON, replicating from 198.51.100.11 (IO Yes, SQL Yes)" or "writable, not a replica". */
    public String role() {
        String ro = readOnly ? "read_only=ON" : "writable";
        if (replica == null) {
            return ro + ", no replication configured";
        }
        return ro + ", replicating from " + replica.masterHost() + " (IO " + replica.ioState() + ", SQL "
                + (replica.sqlRunning() ? "Yes" : "No") + ")";
    }

    public static ServerFacts read(SqlClient sql, DbEndpoint e) {
        DbEndpoint server = e.withDatabase(null);
        Map<String, String> v = one(sql.query(server, "SELECT @@version AS version, @@version_comment AS comment,"
                + " @@read_only AS ro, @@server_id AS server_id, @@hostname AS hostname, @@port AS port,"
                + " @@datadir AS datadir, @@log_bin AS log_bin"));
        String version = ReplicaStatusParser.stripMariadbPrefix(v.get("version"));
        String comment = v.get("comment");
        boolean mariadb = (version + " " + comment).toLowerCase(Locale.ROOT).contains("mariadb");
        String gtid;
        ReplicaStatus replica;
        if (mariadb) {
            gtid = one(sql.query(server, "SELECT @@gtid_binlog_pos AS g")).get("g");
            List<Map<String, String>> all = sql.query(server, "SHOW ALL SLAVES STATUS");
            replica = all.isEmpty() ? null : ReplicaStatusParser.parse(all.get(0));
        } else {
            gtid = one(sql.query(server, "SELECT @@global.gtid_executed AS g")).get("g");
            List<Map<String, String>> rs = sql.query(server, atLeast8022(version) ? "SHOW REPLICA STATUS"
                    : "SHOW SLAVE STATUS");
            replica = rs.isEmpty() ? null : ReplicaStatusParser.parse(rs.get(0));
        }
        return new ServerFacts(version, mariadb, "1".equals(v.get("ro")), Long.parseLong(v.get("server_id")),
                String.valueOf(v.get("hostname")), Integer.parseInt(v.get("port")), String.valueOf(v.get("datadir")),
                "1".equals(v.get("log_bin")), gtid == null ? "" : gtid.replace("\n", ""), replica);
    }

    static boolean atLeast8022(String version) {
        String[] p = version.split("[^0-9]+");
        int major = p.length > 0 && !p[0].isEmpty() ? Integer.parseInt(p[0]) : 0;
        int minor = p.length > 1 ? Integer.parseInt(p[1]) : 0;
        int patch = p.length > 2 ? Integer.parseInt(p[2]) : 0;
        return major > 8 || major == 8 && (minor > 0 || patch >= 22);
    }

    /** Whether the database exists on the server. */
    public static boolean databaseExists(SqlClient sql, DbEndpoint e, String database) {
        return !sql.query(e.withDatabase(null), "SELECT SCHEMA_NAME AS s FROM information_schema.SCHEMATA WHERE"
                + " SCHEMA_NAME = '" + checked(database) + "'").isEmpty();
    }

    /** Tables (base tables) and their data+index size, for progress estimates. */
    public record Size(int tables, long bytes, List<String> names, List<Long> sizes) {
    }

    /** The views of a database. */
    public static List<String> views(SqlClient sql, DbEndpoint e, String database) {
        return sql.query(e.withDatabase(null), "SELECT TABLE_NAME AS t FROM information_schema.VIEWS WHERE TABLE_SCHEMA = '"
                + checked(database) + "' ORDER BY TABLE_NAME").stream().map(r -> r.get("t")).toList();
    }

    public static Size size(SqlClient sql, DbEndpoint e, String database) {
        List<Map<String, String>> rows = sql.query(e.withDatabase(null), "SELECT TABLE_NAME AS t,"
                + " COALESCE(DATA_LENGTH, 0) AS d FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                + checked(database) + "' AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME");
        long bytes = rows.stream().mapToLong(r -> Long.parseLong(r.get("d"))).sum();
        return new Size(rows.size(), bytes, rows.stream().map(r -> r.get("t")).toList(),
                rows.stream().map(r -> Long.parseLong(r.get("d"))).toList());
    }

    private static String checked(String database) {
        if (!DbNames.valid(database)) {
            throw new IllegalArgumentException("not a valid database name");
        }
        return database;
    }

    private static Map<String, String> one(List<Map<String, String>> rows) {
        if (rows.isEmpty()) {
            throw new DbToolException("the server returned no row");
        }
        return rows.get(0);
    }
}
