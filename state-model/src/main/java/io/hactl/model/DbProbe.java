package io.hactl.model;

/**
 * The database of one node: responding, flavor, read_only, replication and GTID positions.
 *
 * @param flavor           MARIADB or MYSQL, null when not responding
 * @param readOnly         @@read_only
 * @param replica          replication status, null when the server is not a replica
 *                         (no SHOW SLAVE/REPLICA STATUS row)
 * @param gtidCurrentPos   MariaDB @@gtid_current_pos, or MySQL @@gtid_executed
 * @param gtidBinlogPos    MariaDB @@gtid_binlog_pos (null for MySQL)
 * @param binlogFile       SHOW MASTER STATUS file, null when binlog is off
 * @param gtidBinlogState  MariaDB @@gtid_binlog_state (last GTID per domain and server: tells a
 *                         node that lacks transactions from one that has errant ones), null for
 *                         MySQL or when unknown
 */
public record DbProbe(boolean responding, String error, Flavor flavor, String version,
                      boolean readOnly, ReplicaStatus replica, String gtidCurrentPos,
                      String gtidBinlogPos, String binlogFile, Long binlogPosition, String gtidBinlogState) {

    public DbProbe(boolean responding, String error, Flavor flavor, String version, boolean readOnly,
                   ReplicaStatus replica, String gtidCurrentPos, String gtidBinlogPos, String binlogFile,
                   Long binlogPosition) {
        this(responding, error, flavor, version, readOnly, replica, gtidCurrentPos, gtidBinlogPos, binlogFile,
                binlogPosition, null);
    }

    /** What this node has applied, for {@link GtidComparison}; null when not responding. */
    public GtidView gtidView() {
        if (!responding || flavor == null) {
            return null;
        }
        return flavor == Flavor.MYSQL ? GtidView.mysql(gtidCurrentPos)
                : GtidView.mariadb(gtidCurrentPos, gtidBinlogState);
    }

    public enum Flavor { MARIADB, MYSQL }

    public static DbProbe notResponding(String error) {
        return new DbProbe(false, error, null, null, false, null, null, null, null, null, null);
    }

    public boolean isReplica() {
        return responding && replica != null;
    }
}
