package io.hactl.ops.db;

import io.hactl.db.ClientSession;
import io.hactl.db.DbAdmin;
import io.hactl.db.DbAdminException;
import io.hactl.db.DbState;
import io.hactl.db.WriteLock;
import io.hactl.model.GtidComparison;
import io.hactl.ops.Operation;
import io.hactl.pair.StepFailed;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every write on an old master stopped until the DB VIP has left it (issue 13, defect 1).
 * read_only alone does not stop a client with SUPER or READ_ONLY ADMIN on MariaDB (ALL
 * PRIVILEGES includes it): on the lab such a client wrote 7 acknowledged rows to the old master
 * after read_only=ON, rows the new master never got. So, in order:
 * <ol>
 *   <li>read_only=ON (ordinary clients get an error at once, and the node stays read-only after);
 *   <li>FLUSH TABLES WITH READ LOCK held in a session of its own ({@link WriteLock}), bounded by
 *       lock_wait_timeout: a write that runs longer holds it up, and the operation is refused and
 *       rolled back naming that session;
 *   <li>client sessions ended: an open transaction is rolled back, never acknowledged;
 *   <li>(the caller reads the old master's final GTID now, after the lock, and promotes the new one;
 *       the DB VIP moves);
 *   <li>{@link #release}: the sessions that queued behind the lock are ended <em>before</em> it is
 *       released (else their statements land on the old master), then the lock is released;
 *   <li>{@link #checkNothingLanded}: the old master's GTID still equals the agreed one.
 * </ol>
 * A rollback releases the lock and sets read_only back: the node is the master as before.
 */
final class WriteBlock {

    /** The lock could not be taken: a write that runs holds it up. The operation is rolled back and refused. */
    static final class Held extends StepFailed {
        private final String fix;

        Held(String message, String fix) {
            super(message);
            this.fix = fix;
        }

        String fix() {
            return fix;
        }
    }

    private final Operation op;
    private final Changes changes;
    private final String node;
    private final DbAdmin a;
    private final Duration lockWait;
    private WriteLock lock;
    /** The lock's session being opened ahead ({@link #lockPreparedBy}); null: none. */
    private CompletableFuture<?> prepared;
    /** The read-only variable's name on this node (read_only, or super_read_only on MySQL), from {@link #readOnly}. */
    private String word = "read_only";

    WriteBlock(Operation op, Changes changes, String node, DbAdmin admin, Duration lockWait) {
        this.op = op;
        this.changes = changes;
        this.node = node;
        this.a = admin;
        this.lockWait = lockWait;
    }

    /**
     * The lock's session is being opened ahead ({@link io.hactl.db.DbAdmin#prepareLockSession}, issue 20): step 2 waits
     * for it (at most the lock's own wait; a failure there only means the lock opens its own session), then takes the
     * lock in it: in the write gap only FLUSH TABLES WITH READ LOCK runs, no connection, login or set-up.
     */
    void lockPreparedBy(CompletableFuture<?> opening) {
        this.prepared = opening;
    }

    /** The lock's lock_wait_timeout: what a session opened ahead for it must have been given. */
    Duration lockWait() {
        return lockWait;
    }

    /** Steps 1 to 3, each undone on rollback (lock released first, then read_only back off). */
    void block(DbState before) {
        readOnly(before);
        lock(true);
    }

    /** Step 1: read_only=ON, undone on rollback. */
    void readOnly(DbState before) {
        String word = before.readOnlyWord();
        this.word = word;
        if (before.writable()) {
            changes.change(node, "set " + word + "=ON (no more writes)", () -> {
                a.setReadOnly(true);
                return null;
            }, "set " + word + "=OFF (writable again)", () -> a.setReadOnly(false));
        } else {
            op.skip(node, "set " + word + "=ON", "already read-only");
        }
    }

    /**
     * Step 2, and step 3 when {@code endSessionsNow}. A planned switch ends them only in {@link #release}
     * (issue 20, "only what must be inside the write gap"): from the lock on no commit passes on the node,
     * an open transaction can only wait behind it, and {@link #release} ends every client session before
     * the lock goes, so ending them in the gap as well only lengthened it (on a loaded lab up to 0.67 s).
     */
    void lock(boolean endSessionsNow) {
        changes.change(node, "block every write (FLUSH TABLES WITH READ LOCK, in a session of its own; waits at most "
                + lockWait.toSeconds() + " s for writes that run): " + word + " does not stop a user with SUPER or"
                + " READ_ONLY ADMIN", this::lock, "release the write lock (UNLOCK TABLES)", this::unlock);
        if (endSessionsNow) {
            changes.change(node, "end client sessions (not replication threads)",
                    () -> DbMasterSet.killed(a.killClientSessions()), null, null);
        }
    }

    private String lock() {
        awaitPrepared();
        try {
            lock = a.lockWrites(lockWait);
            return "held by session " + lock.sessionId();
        } catch (DbAdminException e) {
            List<ClientSession> running = blockers();
            if (running.isEmpty()) {
                throw e;
            }
            ClientSession first = running.get(0);
            throw new Held(node + ": FLUSH TABLES WITH READ LOCK waited " + lockWait.toSeconds() + " s for writes that"
                    + " run: " + String.join(", ", running.stream().limit(3).map(s -> s + " for " + s.timeSeconds()
                    + " s" + (s.state() == null || s.state().isBlank() ? "" : ", " + s.state())).toList())
                    + " (" + e.getMessage() + ")", "let it finish, or end it (on " + node + ": KILL " + first.id()
                    + "), then run the switch again");
        }
    }

    private void awaitPrepared() {
        if (prepared == null) {
            return;
        }
        try {
            prepared.get(lockWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the lock opens its own session
        }
    }

    /** The sessions running a statement now, longest first: what holds FLUSH TABLES WITH READ LOCK up. */
    private List<ClientSession> blockers() {
        try {
            return a.clientSessions().stream()
                    .filter(s -> !"Sleep".equalsIgnoreCase(s.command()))
                    .filter(s -> s.state() == null || !s.state().toLowerCase(java.util.Locale.ROOT).contains("read lock"))
                    .sorted(Comparator.comparingLong(ClientSession::timeSeconds).reversed()).toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private void unlock() {
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }

    boolean held() {
        return lock != null;
    }

    /**
     * Step 5, after the DB VIP has left the node: the sessions that waited behind the lock are
     * ended, then the lock is released. Printed and logged as one step; throws {@link StepFailed}.
     */
    String release() {
        if (lock == null) {
            return "no lock held";
        }
        String ended = DbMasterSet.killed(a.killClientSessions());
        unlock();
        return "sessions that waited behind the lock: " + ended + "; lock released";
    }

    /**
     * Step 6: the node's GTID still equals {@code agreed} (what the new master had when it was made
     * writable). A write that landed anyway (outside the VIP, or before this existed) is named.
     */
    String checkNothingLanded(String newMaster, DbState agreed) {
        DbState now = a.state();
        GtidComparison.Result cmp = GtidComparison.compare(node, now.gtid(), newMaster, agreed.gtid());
        if (cmp.kind() == GtidComparison.Kind.AHEAD || cmp.kind() == GtidComparison.Kind.DIVERGED) {
            throw new StepFailed(node + " took writes after the lock: " + cmp.sentence() + ": not made a replica, left"
                    + " read-only. Copy " + newMaster + "'s data to " + node + ", then: hactl db-master-set --node "
                    + newMaster + " --force-sync");
        }
        return "GTID " + DbMasterSet.shown(now.position()) + ": nothing " + newMaster + " lacks";
    }
}
