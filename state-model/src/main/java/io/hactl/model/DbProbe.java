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
 * @param pidFile          @@pid_file: where the server writes its PID, so that the node's shell can tell
 *                         whether it runs when it stops answering; null when unknown
 * @param failure          why it did not answer (refused, timeout, login refused...), null when responding:
 *                         a refusal from a host that answers means nothing listens, a timeout may be a
 *                         partition or a hung server (issue 20: tell a crash from a silence)
 * @param semiSync         its semi-synchronous replication (settings and status), null when not read
 */
public record DbProbe(boolean responding, String error, Flavor flavor, String version,
                      boolean readOnly, ReplicaStatus replica, String gtidCurrentPos,
                      String gtidBinlogPos, String binlogFile, Long binlogPosition, String gtidBinlogState,
                      String serverId, String pidFile, Failure failure, SemiSync semiSync) {

    /** Without semi-sync read (fixtures, older probes). */
    public DbProbe(boolean responding, String error, Flavor flavor, String version, boolean readOnly,
                   ReplicaStatus replica, String gtidCurrentPos, String gtidBinlogPos, String binlogFile,
                   Long binlogPosition, String gtidBinlogState, String serverId, String pidFile, Failure failure) {
        this(responding, error, flavor, version, readOnly, replica, gtidCurrentPos, gtidBinlogPos, binlogFile,
                binlogPosition, gtidBinlogState, serverId, pidFile, failure, null);
    }

    /** A probe whose failure kind is read from its error's words ({@link Failure#of}); null when responding. */
    public DbProbe(boolean responding, String error, Flavor flavor, String version, boolean readOnly,
                   ReplicaStatus replica, String gtidCurrentPos, String gtidBinlogPos, String binlogFile,
                   Long binlogPosition, String gtidBinlogState, String serverId) {
        this(responding, error, flavor, version, readOnly, replica, gtidCurrentPos, gtidBinlogPos, binlogFile,
                binlogPosition, gtidBinlogState, serverId, null, responding ? null : Failure.of(error));
    }

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

    /**
     * Why a connection to the database failed, as far as the attempt tells. Only a refusal says
     * that nothing listens; the others leave the server's fate open.
     */
    public enum Failure {
        /** The host answered and refused the connection (TCP RST): nothing listens on the port. */
        REFUSED("connection refused: the host answered, nothing listens on the port"),
        /** No answer within the timeout: a lost host or link (a possible partition) or a hung server (SIGSTOP). */
        TIMEOUT("no answer within the timeout: a lost link or a hung server, not proof of a crash"),
        /** The server answered and refused the login: it runs. */
        AUTH("the server answered and refused the login: it runs"),
        /** Anything else (no route, TLS, a protocol error...). */
        OTHER("another error");

        private final String words;

        Failure(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }

        /** The kind named by an error's words (Connector/J's and the OS's), OTHER when none is. */
        public static Failure of(String error) {
            String e = error == null ? "" : error.toLowerCase(java.util.Locale.ROOT);
            if (e.contains("connection refused")) {
                return REFUSED;
            }
            if (e.contains("access denied")) {
                return AUTH;
            }
            if (e.contains("timed out") || e.contains("timeout")) {
                return TIMEOUT;
            }
            return OTHER;
        }
    }

    /** Not responding; the failure's kind read from the error's words. */
    public static DbProbe notResponding(String error) {
        return notResponding(Failure.of(error), error);
    }

    /** Not responding, for the reason {@code failure} (the prober's reading of the exception). */
    public static DbProbe notResponding(Failure failure, String error) {
        return new DbProbe(false, error, null, null, false, null, null, null, null, null, null, null, null, failure);
    }

    /** This probe with its semi-sync as read. */
    public DbProbe withSemiSync(SemiSync s) {
        return new DbProbe(responding, error, flavor, version, readOnly, replica, gtidCurrentPos, gtidBinlogPos,
                binlogFile, binlogPosition, gtidBinlogState, serverId, pidFile, failure, s);
    }

    public boolean isReplica() {
        return responding && replica != null;
    }
}
