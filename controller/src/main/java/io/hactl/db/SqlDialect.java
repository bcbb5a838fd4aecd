package io.hactl.db;

import io.hactl.model.DbProbe.Flavor;
import java.time.Duration;
import java.util.List;

/**
 * The statements hactl sends to change a server, as text: MariaDB and MySQL differ in
 * names (SLAVE/REPLICA, MASTER/SOURCE), in read-only (MySQL has super_read_only) and in
 * GTID handling (MariaDB's gtid_slave_pos; MySQL's auto-position). Pure: unit-tested on
 * the statement text.
 */
public interface SqlDialect {

    Flavor flavor();

    /**
     * One row: version, version_comment, server_id, read_only, super_read_only, log_bin, log_replica_updates, GTIDs,
     * log_bin_basename (where the binary log is: a failover reads a dead master's binlog from there).
     */
    Sql readState();

    /** Whether read_only's value came from the server's option file (my.cnf), and is ON there. One row, one column: 1 or 0. */
    Sql readOnlyFromOptionFile();

    /** SHOW SLAVE STATUS / SHOW REPLICA STATUS. */
    Sql replicaStatus();

    /** Bounds how long our statements wait for locks (SET GLOBAL read_only waits for running commits). */
    Sql lockWaitTimeout(Duration d);

    List<Sql> setReadOnly(boolean on);

    Sql processList();

    Sql kill(long id);

    /**
     * FLUSH TABLES WITH READ LOCK: blocks every write, a user with SUPER or READ_ONLY ADMIN
     * included (which read_only does not stop on MariaDB), for as long as the session that
     * took it stays open. Waits for running writes up to the session's lock_wait_timeout.
     */
    Sql lockAllWrites();

    /** UNLOCK TABLES: ends {@link #lockAllWrites}. */
    Sql unlockAllWrites();

    /** Waits on the server until it has applied {@code position}; one row, one column: 0 when reached. */
    Sql waitForGtid(String position, Duration timeout);

    /** True when the wait statement's result means "reached". */
    boolean waitReached(long result);

    Sql stopReplication();

    /**
     * Run before {@link #stopReplication}, then {@link #semiSyncReplicaRestore} after it. A semi-sync
     * replica's IO thread, when it stops, first connects to its master to end its dump thread (MariaDB:
     * connect and read timeouts of rpl_semi_sync_slave_kill_conn_timeout, 5 s by default; measured 2 s
     * against a master whose node is lost, whatever rpl_semi_sync_slave_enabled says at that moment):
     * the failover's STOP waits for it. This makes that wait 1 s, the least the server takes. Empty
     * where there is nothing to do.
     */
    default List<Sql> semiSyncReplicaPause() {
        return List.of();
    }

    /** The setting as it was before {@link #semiSyncReplicaPause}. */
    default List<Sql> semiSyncReplicaRestore() {
        return List.of();
    }

    Sql startReplication();

    /** Stops the IO (receiver) thread only: the SQL thread goes on applying the relay log. */
    Sql stopIoThread();

    /** Starts the SQL (applier) thread only: a replica applies its relay log without fetching more. */
    Sql startSqlThread();

    /** Forgets the replica configuration entirely (RESET SLAVE ALL / RESET REPLICA ALL). */
    Sql resetReplication();

    /**
     * Points this server at {@code source} with GTID. MariaDB: {@code SET GLOBAL
     * gtid_slave_pos = seed} first (the position this server has applied), then CHANGE
     * MASTER ... MASTER_USE_GTID=slave_pos. MySQL: auto-position from gtid_executed; the
     * seed is not used (see {@link #forgetHistory}).
     */
    List<Sql> pointAt(ReplicationSource source, String seed);

    /**
     * Drops this server's own binlog history (after an operator copied the data from the
     * master: --force-sync) so it can replicate from {@code position}. MariaDB: RESET
     * MASTER and gtid_binlog_state = position (gtid_slave_pos is then seeded by {@link
     * #pointAt}); without the binlog state this node, once promoted, would number its own
     * transactions from 1 in the domain and the old master, re-attached, would skip them.
     * MySQL: RESET MASTER and gtid_purged = position.
     */
    List<Sql> forgetHistory(String position);

    /** Base tables of a schema, by name. */
    Sql tables(String schema);

    /** CHECKSUM TABLE `schema`.`table`. */
    Sql checksum(String schema, String table);

    static SqlDialect of(Flavor flavor, String version) {
        return flavor == Flavor.MYSQL ? new MySqlDialect(version) : new MariaDbDialect();
    }

    /** `name` with backticks doubled: an identifier that cannot break out of its quotes. */
    static String ident(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** Seconds, with a fraction, as MASTER_GTID_WAIT and WAIT_FOR_EXECUTED_GTID_SET take them. */
    static double seconds(Duration d) {
        return Math.max(0.001, d.toMillis() / 1000.0);
    }
}
