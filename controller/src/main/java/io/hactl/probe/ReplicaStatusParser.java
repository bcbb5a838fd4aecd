package io.hactl.probe;

import io.hactl.model.ReplicaStatus;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns one row of SHOW SLAVE STATUS (MariaDB, MySQL 5.x/8.0) or SHOW REPLICA STATUS
 * (MySQL 8.0.22+, which says Source/Replica) into a {@link ReplicaStatus}. Column names
 * are matched case-insensitively; an empty row means "not a replica" (null).
 */
public final class ReplicaStatusParser {

    private ReplicaStatusParser() {
    }

    public static ReplicaStatus parse(Map<String, String> row) {
        if (row == null || row.isEmpty()) {
            return null;
        }
        Map<String, String> r = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        r.putAll(row);
        String masterHost = first(r, "Master_Host", "Source_Host");
        String port = first(r, "Master_Port", "Source_Port");
        String io = first(r, "Slave_IO_Running", "Replica_IO_Running");
        String sql = first(r, "Slave_SQL_Running", "Replica_SQL_Running");
        String lag = first(r, "Seconds_Behind_Master", "Seconds_Behind_Source");
        String gtidIo = first(r, "Gtid_IO_Pos", "Retrieved_Gtid_Set");
        String usingGtid = first(r, "Using_Gtid", "Auto_Position");
        if ("1".equals(usingGtid)) {
            usingGtid = "Auto_Position";
        } else if ("0".equals(usingGtid)) {
            usingGtid = "No";
        }
        return new ReplicaStatus(
                masterHost == null ? "" : masterHost,
                parseInt(port, 3306),
                io == null ? "No" : io,
                "Yes".equalsIgnoreCase(sql),
                lag == null || lag.isBlank() || lag.equalsIgnoreCase("NULL") ? null : Long.valueOf(lag.strip()),
                parseInt(first(r, "Last_IO_Errno"), 0),
                nz(first(r, "Last_IO_Error")),
                parseInt(first(r, "Last_SQL_Errno"), 0),
                nz(first(r, "Last_SQL_Error")),
                gtidIo == null ? "" : gtidIo.replace("\n", "").strip(),
                usingGtid == null ? "No" : usingGtid);
    }

    private static String first(Map<String, String> r, String... keys) {
        for (String k : keys) {
            if (r.containsKey(k)) {
                return r.get(k);
            }
        }
        return null;
    }

    private static int parseInt(String s, int dflt) {
        if (s == null || s.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** "5.5.5-10.11.19-MariaDB-0+deb12u1" → "10.11.19-MariaDB-0+deb12u1": MariaDB's replication-compat prefix removed. */
    public static String stripMariadbPrefix(String version) {
        return version != null && version.startsWith("5.5.5-") ? version.substring(6) : version;
    }

    static boolean isMariadb(String version, String comment) {
        return (version != null && version.toLowerCase(Locale.ROOT).contains("mariadb"))
                || (comment != null && comment.toLowerCase(Locale.ROOT).contains("mariadb"));
    }
}
