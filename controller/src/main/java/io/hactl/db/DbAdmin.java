package io.hactl.db;

import io.hactl.model.DbProbe.Flavor;
import java.time.Duration;
import java.util.List;

/**
 * The changes hactl makes to one node's database, over one connection as the configured
 * admin user. Every call is bounded (connect and socket timeouts; lock waits bounded);
 * a failure throws {@link DbAdminException} naming the node and the statement, never a
 * password. Implemented over JDBC by {@link JdbcDbAdmin}.
 */
public interface DbAdmin extends AutoCloseable {

    String node();

    Flavor flavor();

    /** Server variables, GTID positions and replication status, read now. */
    DbState state();

    /** read_only on or off (MySQL: super_read_only too). */
    void setReadOnly(boolean on);

    /**
     * Ends every client connection (not replication or server threads, not ours, not the session
     * of a {@link WriteLock} taken through this admin); returns those it ended.
     */
    List<ClientSession> killClientSessions();

    /**
     * A fence's database part: every client session ended, then read_only set, then the sessions that connected
     * meanwhile ended; returns how many were ended. Sessions first: a commit waiting for a semi-synchronous replica's
     * acknowledgement (a master cut off from its replica) holds {@code SET GLOBAL read_only} until it ends, and after
     * {@code rpl_semi_sync_master_timeout} the master would acknowledge it alone, to a client whose row the replica
     * never got (lost at the failover). Ended, its client gets an error, never that acknowledgement.
     */
    default int endSessionsAndSetReadOnly() {
        int ended = killClientSessions().size();
        setReadOnly(true);
        return ended + killClientSessions().size();
    }

    /** The client connections {@link #killClientSessions} would end, without ending them. */
    List<ClientSession> clientSessions();

    /**
     * Blocks every write on the server (FLUSH TABLES WITH READ LOCK in a session of its own),
     * waiting at most {@code wait} for writes that run now; throws {@link DbAdminException}
     * (error 1205) when one of them holds it up longer.
     */
    WriteLock lockWrites(Duration wait);

    /**
     * Opens now, ahead of {@link #lockWrites}, the session it will lock in (issue 20: a planned switch takes the lock
     * inside its write gap, and a new session costs a connection, a login and the driver's set-up there): that session's
     * login and settings done, {@link #lockWrites} with the same {@code wait} then only runs FLUSH TABLES WITH READ
     * LOCK in it. Never ended by {@link #killClientSessions}; closed with this admin. A failure here is not thrown:
     * {@link #lockWrites} opens its session as before. Default: nothing (every lock opens its own).
     */
    default void prepareLockSession(Duration wait) {
    }

    /** Waits on the server until it has applied {@code position}; false on timeout. */
    boolean waitForGtid(String position, Duration timeout);

    void stopReplication();

    /**
     * STOP SLAVE IO_THREAD: it receives no more from its master; its SQL thread goes on applying what it
     * has. A failover does it first when the old master's database is down: a semi-sync replica's IO
     * thread, when it stops, first tries its master to end the dump thread there (up to 1 s against a
     * lost or hung master), and that second must not fall inside the handover. No-op where not needed.
     */
    default void stopReceiving() {
    }

    /** RESET SLAVE ALL: no replica configuration left (gtid_slave_pos is kept). */
    void resetReplication();

    /** Points this server at {@code source} with GTID, seeded with {@code seed} (MariaDB), replication not started. */
    void pointAt(ReplicationSource source, String seed);

    void startReplication();

    /** Starts the SQL thread only (the relay log is applied; nothing more is fetched). */
    void startSqlThread();

    /** Drops this server's binlog history so it can replicate from {@code position} (--force-sync only). */
    void forgetHistory(String position);

    /** Base tables of {@code schema}. */
    List<String> tables(String schema);

    /** CHECKSUM TABLE; null when the server returns none (table gone). */
    Long checksum(String schema, String table);

    /** Rows of a query (column label to value), for reads no other method covers (global variables, users). */
    List<java.util.Map<String, String>> query(Sql sql);

    /** Runs one statement (its parameters bound; a {@link Sql.Hidden} one never shown). */
    void execute(Sql sql);

    @Override
    void close();
}
