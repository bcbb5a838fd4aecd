package io.hactl.db;

/**
 * Every write on one server blocked, by FLUSH TABLES WITH READ LOCK held in a session of its
 * own: read_only does not stop a user with SUPER or READ_ONLY ADMIN on MariaDB (ALL PRIVILEGES
 * includes it), the lock does. Writes that arrive meanwhile wait behind it ("Waiting for global
 * read lock"); a switchover ends those sessions before {@link #close} so that none of them lands
 * on the old master once it is released. If hactl dies, the session closes and the lock goes
 * with it: it never outlives the operation that took it.
 */
public interface WriteLock extends AutoCloseable {

    /** The server's id of the session holding the lock (never ended by {@link DbAdmin#killClientSessions}). */
    long sessionId();

    /** UNLOCK TABLES, then the session is closed; idempotent. */
    @Override
    void close();
}
