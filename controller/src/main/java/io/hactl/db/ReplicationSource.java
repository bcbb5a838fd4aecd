package io.hactl.db;

/** Where a replica connects: the master node's own address (never the VIP), the replication user and password. */
public record ReplicationSource(String host, int port, String user, Sql.Hidden password) {

    @Override
    public String toString() {
        return user + "@" + host + ":" + port;
    }
}
