package io.hactl.db;

import io.hactl.model.GtidComparison;
import io.hactl.model.GtidView;
import io.hactl.model.DbProbe.Flavor;
import io.hactl.model.ReplicaStatus;

/**
 * What one server says about itself, read in one go by {@link DbAdmin#state()}.
 *
 * @param superReadOnly       MySQL's super_read_only; null on MariaDB (which has none)
 * @param readOnlyFromOptionFile read_only=ON comes from the option file (my.cnf): a restart brings it back read-only
 * @param gtidBinlogPos       MariaDB: last GTID per domain in the binlog; null on MySQL
 * @param gtidBinlogState     MariaDB: last GTID per domain and server in the binlog; null on MySQL
 * @param gtidCurrentPos      MariaDB gtid_current_pos (what {@link #position()} uses); null on MySQL
 * @param gtidSlavePos        MariaDB gtid_slave_pos (what replication has applied); null on MySQL
 * @param gtidExecuted        MySQL gtid_executed; null on MariaDB
 * @param replica             replication status, null when none is configured
 * @param logBinBasename      the server's log_bin_basename (binlog files are BASENAME.000001...); null when unknown
 */
public record DbState(Flavor flavor, String version, long serverId, boolean readOnly, Boolean superReadOnly,
                      boolean readOnlyFromOptionFile, boolean logBin, boolean logReplicaUpdates,
                      String gtidBinlogPos, String gtidBinlogState, String gtidCurrentPos, String gtidSlavePos,
                      String gtidExecuted, ReplicaStatus replica, String logBinBasename) {

    public DbState(Flavor flavor, String version, long serverId, boolean readOnly, Boolean superReadOnly,
                   boolean readOnlyFromOptionFile, boolean logBin, boolean logReplicaUpdates,
                   String gtidBinlogPos, String gtidBinlogState, String gtidCurrentPos, String gtidSlavePos,
                   String gtidExecuted, ReplicaStatus replica) {
        this(flavor, version, serverId, readOnly, superReadOnly, readOnlyFromOptionFile, logBin, logReplicaUpdates,
                gtidBinlogPos, gtidBinlogState, gtidCurrentPos, gtidSlavePos, gtidExecuted, replica, null);
    }

    /**
     * What this server has applied, to wait for, compare and seed from: MariaDB
     * gtid_current_pos (its binlog position, or what replication applied where that is
     * further: after RESET MASTER, --force-sync, the binlog is empty and the position lives in
     * gtid_slave_pos only), MySQL gtid_executed.
     */
    public String position() {
        String p = flavor == Flavor.MYSQL ? gtidExecuted
                : gtidCurrentPos != null && !gtidCurrentPos.isBlank() ? gtidCurrentPos : gtidBinlogPos;
        return p == null ? "" : p.replace("\n", "").strip();
    }

    public GtidView gtid() {
        return flavor == Flavor.MYSQL ? GtidView.mysql(gtidExecuted) : GtidView.mariadb(position(), gtidBinlogState);
    }

    public boolean isReplica() {
        return replica != null;
    }

    /** Writable for an ordinary client: read_only off (and on MySQL super_read_only off). */
    public boolean writable() {
        return !readOnly && !Boolean.TRUE.equals(superReadOnly);
    }

    /** "read_only=ON" or, on MySQL, "super_read_only=ON". */
    public String readOnlyWord() {
        return superReadOnly == null ? "read_only" : "super_read_only";
    }

    /** Replicates from {@code host} (a node's address or the VIP). */
    public boolean replicatesFrom(String... hosts) {
        if (replica == null) {
            return false;
        }
        for (String h : hosts) {
            if (h != null && h.equals(replica.masterHost())) {
                return true;
            }
        }
        return false;
    }

    /** Both replication threads run (or the IO thread is reconnecting) and neither stopped on an error. */
    public boolean replicationHealthy() {
        return replica != null && replica.sqlRunning() && replica.lastSqlErrno() == 0
                && (replica.ioRunning() || "Connecting".equalsIgnoreCase(replica.ioState()))
                && (replica.lastIoErrno() == 0 || "Connecting".equalsIgnoreCase(replica.ioState()));
    }

    /** "IO Yes, SQL Yes" plus the last error, for messages. */
    public String replicationWords() {
        if (replica == null) {
            return "no replication configured";
        }
        StringBuilder sb = new StringBuilder("from " + replica.masterHost() + ": IO thread " + replica.ioState()
                + ", SQL thread " + (replica.sqlRunning() ? "Yes" : "No"));
        if (replica.lastSqlErrno() != 0) {
            sb.append(", SQL error ").append(replica.lastSqlErrno()).append(' ').append(replica.lastSqlError());
        }
        if (replica.lastIoErrno() != 0) {
            sb.append(", IO error ").append(replica.lastIoErrno()).append(' ').append(replica.lastIoError());
        }
        if (replica.secondsBehind() != null) {
            sb.append(", ").append(replica.secondsBehind()).append(" s behind");
        }
        return sb.toString();
    }
}
