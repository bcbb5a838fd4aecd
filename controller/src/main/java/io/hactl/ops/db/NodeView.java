package io.hactl.ops.db;

import io.hactl.config.NodeConfig;
import io.hactl.db.DbState;

/**
 * One node as db-master-set saw it before changing anything.
 *
 * @param db          the database's state, null when it could not be reached ({@code dbError} says why)
 * @param shellOk     a command could run on the node (ssh); {@code shellError} says why not
 * @param holdsDbVip  the DB VIP is on the node's interface (false when the shell failed: unknown)
 * @param holdsAppVip the app VIP is on the node's interface (false when the shell failed: unknown)
 */
public record NodeView(NodeConfig node, DbState db, String dbError, boolean shellOk, String shellError,
                       boolean holdsDbVip, boolean holdsAppVip) {

    public String name() {
        return node.name();
    }

    public boolean dbUp() {
        return db != null;
    }

    /** The master role: holds the DB VIP and replicates from nobody. */
    public boolean isMaster() {
        return dbUp() && holdsDbVip && !db.isReplica();
    }
}
