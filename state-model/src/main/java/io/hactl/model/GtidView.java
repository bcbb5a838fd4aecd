package io.hactl.model;

import io.hactl.model.DbProbe.Flavor;


/**
 * What one node has applied, in GTID terms, as {@link GtidComparison} needs it.
 *
 * @param position    MariaDB {@code @@gtid_current_pos} (last GTID per domain the server has,
 *                    written or applied), or MySQL {@code @@gtid_executed} (the whole set)
 * @param binlogState MariaDB {@code @@gtid_binlog_state} (last GTID per domain and server),
 *                    null when unknown (the position is then used alone); unused for MySQL
 */
public record GtidView(Flavor flavor, String position, String binlogState) {

    public static GtidView mariadb(String position, String binlogState) {
        return new GtidView(Flavor.MARIADB, position, binlogState);
    }

    public static GtidView mysql(String executed) {
        return new GtidView(Flavor.MYSQL, executed, null);
    }

    /** The position as printed: empty shown as "(none)", MySQL's line breaks removed. */
    public String shown() {
        String p = position == null ? "" : position.replace("\n", "").strip();
        return p.isEmpty() ? "(none)" : p;
    }
}
