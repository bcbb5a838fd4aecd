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

    private static final String FACTS = "SELECT @@version AS version, @@version_comment AS comment,"
            + " @@read_only AS ro, @@server_id AS server_id, @@hostname AS hostname, @@port AS port,"
            + " @@datadir AS datadir, @@log_bin AS log_bin";

    public static ServerFacts read(SqlClient sql, DbEndpoint e) {
        DbEndpoint server = e.withDatabase(null);
        Map<String, String> v = one(sql.query(server, FACTS));
        boolean mariadb = mariadb(v);
        String gtid;
        ReplicaStatus replica;
        if (mariadb) {
            gtid = one(sql.query(server, "SELECT @@gtid_binlog_pos AS g")).get("g");
            List<Map<String, String>> all = sql.query(server, "SHOW ALL SLAVES STATUS");
            replica = all.isEmpty() ? null : ReplicaStatusParser.parse(all.get(0));
        } else {
            gtid = one(sql.query(server, "SELECT @@global.gtid_executed AS g")).get("g");
            replica = mysqlReplica(sql, server, v);
        }
        return facts(v, mariadb, gtid, replica);
    }

    /**
     * MariaDB's GTID position at a binary log's {@code file}:{@code position} ({@code BINLOG_GTID_POS}): what
     * mariadb-dump --gtid writes as the dump's last comments, for the snapshot its --master-data names at the top;
     * null when the server cannot say (a file name that is not one, the log purged, not MariaDB).
     */
    public static String gtidAt(SqlClient sql, DbEndpoint e, String file, long position) {
        if (file == null || !file.matches("[A-Za-z0-9._-]+") || position < 0) {
            return null;
        }
        try {
            List<Map<String, String>> rows = sql.query(e.withDatabase(null), "SELECT BINLOG_GTID_POS('" + file + "', "
                    + position + ") AS g");
            return rows.isEmpty() ? null : rows.get(0).get("g");
        } catch (RuntimeException ex) {
            return null;
        }
    }

    private static boolean mariadb(Map<String, String> v) {
        String version = ReplicaStatusParser.stripMariadbPrefix(v.get("version"));
        return (version + " " + v.get("comment")).toLowerCase(Locale.ROOT).contains("mariadb");
    }

    private static ReplicaStatus mysqlReplica(SqlClient sql, DbEndpoint server, Map<String, String> v) {
        String version = ReplicaStatusParser.stripMariadbPrefix(v.get("version"));
        List<Map<String, String>> rs = sql.query(server, atLeast8022(version) ? "SHOW REPLICA STATUS"
                : "SHOW SLAVE STATUS");
        return rs.isEmpty() ? null : ReplicaStatusParser.parse(rs.get(0));
    }

    private static ServerFacts facts(Map<String, String> v, boolean mariadb, String gtid, ReplicaStatus replica) {
        return new ServerFacts(ReplicaStatusParser.stripMariadbPrefix(v.get("version")), mariadb, "1".equals(v.get("ro")),
                Long.parseLong(v.get("server_id")), String.valueOf(v.get("hostname")), Integer.parseInt(v.get("port")),
                String.valueOf(v.get("datadir")), "1".equals(v.get("log_bin")), gtid == null ? "" : gtid.replace("\n",
                ""), replica);
    }

    /** What a dump needs before it starts: the server's facts, whether the database exists, its tables' sizes. */
    public record ForDump(ServerFacts facts, boolean databaseExists, Size size) {
    }

    /** The header of the marker between the answers of {@link #forDump}'s script (a space: no database name has one). */
    static final String PART = "hactl part";

    /**
     * {@link #read}, {@link #databaseExists} and {@link #size} in one client call (they took five: each a
     * mariadb process, ~0.1 s apiece on a loaded 2-core machine): one script whose answers are told apart by a
     * marker row before each ({@code SELECT 'gtid' AS `hactl part`}: an empty answer prints nothing, not even its
     * header). The GTID is read from SHOW GLOBAL VARIABLES (MariaDB's gtid_binlog_pos, MySQL's gtid_executed: the
     * same values as {@code @@gtid_binlog_pos}, {@code @@global.gtid_executed}); the replica status with MariaDB's
     * SHOW ALL SLAVES STATUS, last: on MySQL, where it is no statement, the call ends there and the replica status
     * is read in a second call, as {@link #read} does.
     */
    public static ForDump forDump(SqlClient sql, DbEndpoint e, String database) {
        String db = checked(database);
        DbEndpoint server = e.withDatabase(null);
        SqlClient.Answer a = sql.script(server, FACTS + "; " + part("gtid")
                + "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('gtid_binlog_pos', 'gtid_executed'); " + part("exists")
                + existsSql(db) + "; " + part("size") + sizeSql(db) + "; " + part("replica") + "SHOW ALL SLAVES STATUS; "
                + part("end"));
        Map<String, String> parts = parts(a.out());
        if (!parts.containsKey("replica")) {
            throw new DbToolException(a.error() != null ? a.error() : server.server() + ": the client's answer ended"
                    + " early (no replica part)");
        }
        Map<String, String> v = one(SqlClient.parseBatch(parts.get("")));
        boolean mariadb = mariadb(v);
        ReplicaStatus replica;
        if (mariadb) {
            if (a.error() != null || !parts.containsKey("end")) {
                throw new DbToolException(a.error() != null ? a.error() : server.server() + ": the client's answer"
                        + " ended early (no end part)");
            }
            List<Map<String, String>> all = SqlClient.parseBatch(parts.get("replica"));
            replica = all.isEmpty() ? null : ReplicaStatusParser.parse(all.get(0));
        } else {
            replica = mysqlReplica(sql, server, v);
        }
        String gtidName = mariadb ? "gtid_binlog_pos" : "gtid_executed";
        String gtid = SqlClient.parseBatch(parts.get("gtid")).stream().filter(r -> gtidName.equals(r.get(
                "Variable_name"))).map(r -> r.get("Value")).findFirst().orElse(null);
        boolean exists = !SqlClient.parseBatch(parts.get("exists")).isEmpty();
        return new ForDump(facts(v, mariadb, gtid, replica), exists, size(SqlClient.parseBatch(parts.get("size"))));
    }

    private static String part(String name) {
        return "SELECT '" + name + "' AS `" + PART + "`; ";
    }

    /** The script's output cut at its markers: part name → its batch text ("" the first, before any marker). */
    static Map<String, String> parts(String out) {
        Map<String, String> parts = new java.util.LinkedHashMap<>();
        String name = "";
        StringBuilder b = new StringBuilder();
        String[] lines = out.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].equals(PART) && i + 1 < lines.length) {
                parts.put(name, b.toString());
                name = lines[++i];
                b.setLength(0);
            } else if (!(lines[i].isEmpty() && i == lines.length - 1)) {
                b.append(lines[i]).append('\n');
            }
        }
        parts.put(name, b.toString());
        return parts;
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
        return !sql.query(e.withDatabase(null), existsSql(checked(database))).isEmpty();
    }

    private static String existsSql(String database) {
        return "SELECT SCHEMA_NAME AS s FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + database + "'";
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
        return size(sql.query(e.withDatabase(null), sizeSql(checked(database))));
    }

    private static String sizeSql(String database) {
        return "SELECT TABLE_NAME AS t, COALESCE(DATA_LENGTH, 0) AS d FROM information_schema.TABLES WHERE"
                + " TABLE_SCHEMA = '" + database + "' AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME";
    }

    private static Size size(List<Map<String, String>> rows) {
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
