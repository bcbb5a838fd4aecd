package io.hactl.db;

/** Where a replica connects: the master node's own address (never the VIP), the replication user and password. */
public record ReplicationSource(String host, int port, String user, Sql.Hidden password) {

    /**
     * The source for replicating from {@code master}, with the configured replication user; the
     * password read now (a {@link io.hactl.pair.StepFailed} naming the problem when it cannot be).
     */
    public static ReplicationSource of(io.hactl.config.HactlConfig cfg, io.hactl.config.NodeConfig master) {
        String pw;
        try {
            pw = cfg.database().replicationPassword().reveal();
        } catch (IllegalStateException e) {
            throw new io.hactl.pair.StepFailed("cannot read the replication password: " + e.getMessage());
        }
        return new ReplicationSource(master.address(), cfg.database().port(), cfg.database().replicationUser(),
                new Sql.Hidden(pw == null ? "" : pw));
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port;
    }
}
