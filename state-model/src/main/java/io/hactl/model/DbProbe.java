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
 * @param serverId         the server's own GTID origin: MariaDB @@server_id, MySQL @@server_uuid;
 *                         null when unknown. A master's transactions carry it, so what a replica
 *                         has beyond the master's probe under this origin is in flight (committed
 *                         after the master was read), never errant
 */
public record DbProbe(boolean responding, String error, Flavor flavor, String version,
                      boolean readOnly, ReplicaStatus replica, String gtidCurrentPos,
                      String gtidBinlogPos, String binlogFile, Long binlogPosition, String gtidBinlogState,
                      String serverId) {

    public DbProbe(boolean responding, String error, Flavor flavor, String version, boolean readOnly,
                   ReplicaStatus replica, String gtidCurrentPos, String gtidBinlogPos, String binlogFile,
                   Long binlogPosition) {
        this(responding, error, flavor, version, readOnly, replica, gtidCurrentPos, gtidBinlogPos, binlogFile,
                binlogPosition, null, null);
    }

    public DbProbe(boolean responding, String error, Flavor flavor, String version, boolean readOnly,
                   ReplicaStatus replica, String gtidCurrentPos, String gtidBinlogPos, String binlogFile,
                   Long binlogPosition, String gtidBinlogState) {
        this(responding, error, flavor, version, readOnly, replica, gtidCurrentPos, gtidBinlogPos, binlogFile,
                binlogPosition, gtidBinlogState, null);
    }

    /** What this node has applied, for {@link GtidComparison}; null when not responding. */
    public GtidView gtidView() {
        if (!responding || flavor == null) {
            return null;
        }
        return flavor == Flavor.MYSQL ? GtidView.mysql(gtidCurrentPos)
                : GtidView.mariadb(gtidCurrentPos, gtidBinlogState);
    }

    /**
     * What this replica has received from its master, applied or not: MariaDB's Gtid_IO_Pos
     * (the last GTID per domain the IO thread wrote to the relay log), MySQL's executed set
     * plus its Retrieved_Gtid_Set. Null when not a replica or the IO position is unknown
     * (no GTID replication): then only what it applied counts.
     */
    public GtidView receivedView() {
        if (!isReplica() || flavor == null || replica.gtidIoPos() == null || replica.gtidIoPos().isBlank()) {
            return null;
        }
        if (flavor == Flavor.MYSQL) {
            String executed = gtidCurrentPos == null ? "" : gtidCurrentPos;
            return GtidView.mysql(executed.isBlank() ? replica.gtidIoPos() : executed + "," + replica.gtidIoPos());
        }
        return GtidView.mariadb(replica.gtidIoPos(), null);
    }

    public enum Flavor { MARIADB, MYSQL }

    public static DbProbe notResponding(String error) {
        return new DbProbe(false, error, null, null, false, null, null, null, null, null, null, null);
    }

    public boolean isReplica() {
        return responding && replica != null;
    }
}
