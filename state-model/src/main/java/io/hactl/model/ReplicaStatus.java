package io.hactl.model;

/**
 * One row of SHOW SLAVE STATUS (MariaDB, MySQL 5.x) or SHOW REPLICA STATUS (MySQL 8),
 * reduced to what hactl needs. {@code ioState} is "Yes", "No" or "Connecting".
 *
 * @param secondsBehind Seconds_Behind_Master / Seconds_Behind_Source, null when NULL
 * @param gtidIoPos     MariaDB Gtid_IO_Pos or MySQL Retrieved_Gtid_Set
 * @param usingGtid     MariaDB Using_Gtid (No/Slave_Pos/Current_Pos) or MySQL Auto_Position
 */
public record ReplicaStatus(String masterHost, int masterPort, String ioState, boolean sqlRunning,
                            Long secondsBehind, int lastIoErrno, String lastIoError,
                            int lastSqlErrno, String lastSqlError, String gtidIoPos, String usingGtid) {

    public boolean ioRunning() {
        return "Yes".equalsIgnoreCase(ioState);
    }

    public boolean running() {
        return ioRunning() && sqlRunning;
    }
}
