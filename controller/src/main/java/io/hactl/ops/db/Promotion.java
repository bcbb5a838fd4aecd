package io.hactl.ops.db;

import io.hactl.backup.DbEndpoint;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.db.DbAdmin;
import io.hactl.db.DbState;
import io.hactl.db.GtidMemory;
import io.hactl.db.ReplicationSource;
import io.hactl.db.Sql;
import io.hactl.model.DbProbe.Flavor;
import io.hactl.model.DurationText;
import io.hactl.model.GtidComparison;
import io.hactl.model.GtidView;
import io.hactl.node.NodeShell;
import io.hactl.ops.AnnounceRepeats;
import io.hactl.ops.Operation;
import io.hactl.ops.ResetRule;
import io.hactl.pair.StepFailed;
import io.hactl.ops.VipManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one promotion of a replica to master (issue 13, "one promotion path"). The failover an
 * operator acknowledged ({@link Failover}) and {@code db-master-set} when the old master's
 * database cannot be reached ({@link DbMasterSet}) run the same steps, after the same checks
 * ({@link PromotionCheck}, all of them before the first change); a planned switch uses its last
 * part ({@link #makeMaster}, {@link #addVip}).
 *
 * <ol>
 *   <li>the old master's shell answers and it holds the DB VIP: new connections to the database
 *       port on the VIP answered with a TCP reset ({@link ResetRule}, issue 20);
 *   <li>the old master's database answers: every write on it blocked ({@link WriteBlock});
 *   <li>the new master's SQL thread started when stopped (the plan said so), its relay log applied;
 *   <li>a live old master's final GTID, read after the lock, reached by the new master;
 *   <li>the old master's host answers and its database does not (or the new master did not reach
 *       it): its binary log read from the new master's position and what it lacks applied
 *       ({@link BinlogSalvage}); then a check that the new master covers the binlog's end;
 *   <li>the new master: replication stopped and forgotten, writable;
 *   <li>the DB VIP added on the new one and announced: the commit point. Where the reset rule is set
 *       on the old master, it keeps the VIP until then (a client's SYN is answered there with a
 *       reset, never dropped by a node without the address: issue 20, the handover without a silent
 *       gap; it answers no ARP for it meanwhile: never two MACs); else the VIP is removed from it
 *       first (where commands run there), as before;
 *   <li>after it: the DB VIP removed from the old master where it was kept; only the new master's
 *       MAC answers; a blocked old master's queued sessions ended, its lock released, and a check
 *       that nothing landed on it.
 * </ol>
 * Every change before the commit point is undone by the caller's rollback (in reverse: the DB VIP
 * back on the old master, its lock released, read_only off): a step that fails never leaves the
 * pair without a master, and the old master is not touched before the steps that can fail on the
 * new one have run. {@link #fencing} says what was really done to the old master.
 */
final class Promotion {

    /** How the DB VIP is added and announced on the new master (db-master-set fires a command prepared ahead). */
    interface VipAdder {
        String add();
    }

    /** FLUSH TABLES WITH READ LOCK waits this long for running writes (every writer waits as long). */
    static final Duration LOCK_WAIT = Duration.ofSeconds(5);

    private final HactlConfig cfg;
    private final VipManager vips;
    private final BinlogSalvage salvage;
    private final Function<NodeConfig, NodeShell> shells;
    private final ResetRule resets;
    private final Operation op;
    private final Changes changes;
    private final NodeView t;
    private final NodeView x;
    private final DbAdmin ta;
    private final DbAdmin xa;
    private final GtidMemory.Seen otherSeen;
    private final Duration relayWait;
    private final VipAdder vipAdder;
    private final String vip;

    private WriteBlock block;
    private DbState agreed;
    private boolean vipRemoved;
    private String salvaged;
    private String splitBrain;
    private boolean vipAdded;
    private boolean resetSet;
    /** The SQL thread was started by this promotion (the plan said so). */
    private boolean sqlStarted;
    private boolean receivingStopped;
    private boolean oldVipKept;
    private String oldVipError;
    private java.util.function.Supplier<String> oldVipRemover;
    private java.util.function.Supplier<String> resetSetter;
    private java.util.function.Function<String, String> lastFile;

    Promotion(HactlConfig cfg, VipManager vips, Function<NodeConfig, NodeShell> shells, Operation op, Changes changes,
              Observation o, DbAdmin ta, DbAdmin xa, Duration relayWait, VipAdder vipAdder) {
        this.cfg = cfg;
        this.vips = vips;
        this.salvage = new BinlogSalvage(shells);
        this.shells = shells;
        this.resets = new ResetRule(shells);
        this.op = op;
        this.changes = changes;
        this.t = o.target();
        this.x = o.other();
        this.ta = ta;
        this.xa = xa;
        this.otherSeen = o.otherSeen();
        this.relayWait = relayWait;
        this.vipAdder = vipAdder != null ? vipAdder : () -> vips.addAndAnnounce(t.node(), cfg.dbVip());
        this.vip = cfg.dbVip().cidr();
    }

    // ------------------------------------------------------------------ failover, stand-alone

    /**
     * Every step up to the commit point (the new master writable, the DB VIP on it), as {@code d}
     * planned. Throws {@link StepFailed}; the caller rolls {@code changes} back.
     *
     * @param requireCoverage the new master must end with every transaction the old master had when
     *                        last seen (db-master-set without --force, where that was the reason to
     *                        read the binlog); otherwise a binlog that cannot be read is said and the
     *                        promotion goes on (the acknowledged risk)
     */
    void toCommitPoint(PromotionCheck.Decision d, boolean requireCoverage) {
        if (d.blockOldWrites()) {
            // the old master's database answers: fenced first (new connections reset, its writes blocked), then the
            // new master reaches its end
            resetNewConnections();
            block = new WriteBlock(op, changes, x.name(), xa, LOCK_WAIT);
            block.block(xa.state());
            catchUp(d, requireCoverage);
        } else {
            // a semi-sync replica's receiver, when it stops, first tries the old master for up to 1 s: stopped
            // before the reset rule, so that second is not spent with the old master answering resets and no ARP;
            // its SQL thread started first where the plan says so (both stopped, a GTID replica's next start
            // discards its relay log: what it received would be lost)
            startSqlThread(d);
            stopReceiving();
            // issue 20: its database is down: the reset rule on it, and the new master's relay log and the salvage of
            // its binary log, do not depend on each other: at once, both ended before the new master is made writable
            op.atOnce(this::resetNewConnections, () -> catchUp(d, requireCoverage));
        }
        makeMaster();
        String why = block != null ? "its writes are blocked" : "its database is down";
        if (resetSet && x.holdsDbVip()) {
            // issue 20: it keeps the VIP behind the reset rule until the new master announced it (afterCommit)
            oldVipKept = true;
            op.note(x.name(), "keeps DB VIP " + vip + " until " + t.name() + " has announced it (" + why + "; new"
                    + " connections there answered with a TCP reset): removed right after, no moment without a holder");
        } else {
            removeOldVip(why);
        }
        addVip();
    }

    /** Its SQL thread started, once, when stopped and the plan says so: it applies the relay log. */
    private void startSqlThread(PromotionCheck.Decision d) {
        DbState ts = t.db();
        if (!sqlStarted && ts.isReplica() && d.startSqlThread() && !ts.replica().sqlRunning()) {
            changes.change(t.name(), "start the SQL thread (stopped): it applies the relay log (the plan above)",
                    () -> {
                        ta.startSqlThread();
                        return "started";
                    }, null, null);
            sqlStarted = true;
        }
    }

    /**
     * The new master's receiver was stopped beside the read ({@link ReceiverStop}, its undo in the same
     * {@link Changes}): not stopped again.
     */
    void receivingStopped() {
        receivingStopped = true;
    }

    /** The new master receives no more from the old one (its IO thread stopped; what it received is still applied). */
    private void stopReceiving() {
        DbState ts = t.db();
        if (!receivingStopped && ts.isReplica() && !"No".equalsIgnoreCase(ts.replica().ioState())
                && (ts.replica().sqlRunning() || sqlStarted)) {
            ReceiverStop.step(changes, ta, t.name(), x.name(), "IO thread; its SQL thread applies what it received)");
        }
    }

    /**
     * The new master gets every transaction it can: its relay log applied (its SQL thread started when the plan
     * says so), a blocked live old master's last transaction reached, and where the plan says so (or that was not
     * reached) the old master's binary log read and what it lacks applied.
     */
    private void catchUp(PromotionCheck.Decision d, boolean requireCoverage) {
        // as read with both nodes, after the proposal's evidence: not read again (issue 20, nothing on the path that
        // need not be there); what the relay log holds is waited for by GTID, and a live old master's end after its lock
        DbState ts = t.db();
        if (ts.isReplica()) {
            startSqlThread(d);
            applyRelayLog(ts);
        }
        boolean reached = true;
        if (block != null) {
            reached = reachBlockedMaster();
        }
        if (d.salvage() || !reached) {
            if (ts.isReplica()) {
                changes.change(t.name(), "stop replication (before reading " + x.name() + "'s binary log)", () -> {
                    ta.stopReplication();
                    return null;
                }, "start replication again", ta::startReplication);
            }
            salvage(requireCoverage || !reached);
        }
    }

    /**
     * The DB VIP was added on the new master now: its gratuitous ARP repeated at +200 ms, +500 ms
     * and +1 s, in the background (issue 20: a lost ARP, or a neighbour that kept the old MAC, would
     * otherwise wait ~30 s for its ARP entry to expire). The promotion does not wait; what was sent
     * is noted in the operation's log when the repeats end.
     */
    void repeatAnnounce() {
        if (!vipAdded) {
            return;
        }
        op.note(t.name(), "gratuitous ARP for " + cfg.dbVip().address() + " repeated in the background at +200 ms,"
                + " +500 ms and +1 s (not waited for)");
        AnnounceRepeats.start(shells.apply(t.node()), t.node(), cfg.dbVip(), words -> op.note(t.name(), words));
    }

    /**
     * The fence's first step where the old master's shell answers and it holds the DB VIP (issue 20):
     * its kernel answers a new connection to the database port on the VIP with a TCP reset
     * ({@link ResetRule}), so a client that still sends there fails at once and retries, instead of
     * waiting on a hung mysqld or one blocked by the write lock until its timeout. Undone on
     * rollback; cleared when a VIP is added there again, or the node is rebuilt as a replica.
     */
    private void resetNewConnections() {
        if (!x.shellOk() || !x.holdsDbVip()) {
            return;
        }
        int port = cfg.database().port();
        changes.change(x.name(), "answer new connections to DB VIP " + cfg.dbVip().address() + ":" + port + " with a TCP"
                + " reset (nft table " + ResetRule.TABLE + "), while it still holds the VIP",
                () -> {
                    String r = resetSetter != null ? resetSetter.get() : resets.set(x.node(), cfg.dbVip(), port);
                    resetSet = !r.startsWith(ResetRule.NOT_SET);
                    return r;
                }, "remove the reset rule (nft table " + ResetRule.TABLE + ")", () -> resets.clear(x.node()));
        resetSet |= op.dryRun();
    }

    /** After the commit point: failures are recorded in {@code changes}, not thrown. */
    void afterCommit() {
        releaseOldVip();
        verify();
        if (block != null) {
            boolean released = afterCommit(x.name(), "end the sessions that waited behind the write lock, then release"
                    + " it", block::release);
            if (released) {
                afterCommit(x.name(), "check that nothing landed on " + x.name() + " after the lock",
                        () -> block.checkNothingLanded(t.name(), agreed));
            }
        }
    }

    /**
     * The DB VIP the old master kept behind the reset rule until the new master announced it leaves
     * it now, right after the commit point (issue 20). Its removal failing is a failure after the
     * commit point and a split brain (two holders; the ARP check asked from the old master would not
     * see it): said as one, the new master stays the master, the old one is not fenced and the
     * controller detaches it.
     */
    private void releaseOldVip() {
        if (!oldVipKept) {
            return;
        }
        try {
            op.step(x.name(), "remove DB VIP " + vip + " (" + t.name() + " holds and announced it)", () -> {
                String r = oldVipRemover != null ? oldVipRemover.get() : vips.remove(x.node(), cfg.dbVip());
                vipRemoved = true;
                return r;
            });
        } catch (StepFailed e) {
            oldVipError = e.getMessage();
            splitBrain = x.name() + " still holds DB VIP " + cfg.dbVip().address() + ": its removal failed ("
                    + e.getMessage() + ")";
            changes.failedAfterCommit("SPLIT BRAIN: " + splitBrain + ": " + t.name() + " stays the master (it is"
                    + " writable and holds the DB VIP; new connections to " + x.name() + " are answered with a reset);"
                    + " detach it there: hactl db-master-unset --node " + x.name() + ", or by hand: ip addr del "
                    + cfg.dbVip().cidr() + " dev " + x.node().networkInterface() + " (the controller proposes it)");
        }
    }

    /**
     * The check that only the new master answers ARP for the DB VIP, after the commit point (issue 20,
     * "promote, then verify": it is not on the path to writable). Another MAC answering is a split
     * brain: said as one (the failover ends failed with it, the new master stays the master and the
     * controller's next cycle sees SPLIT_BRAIN and proposes the fence); a check that could not be
     * asked is an ordinary failure after the commit point.
     */
    private void verify() {
        String addr = cfg.dbVip().address();
        try {
            op.step(t.name(), "check that no other MAC answers ARP for " + addr,
                    () -> vips.verifyOnly(t.node(), x.node(), cfg.dbVip(), x.shellOk()));
        } catch (VipManager.Conflict e) {
            splitBrain = splitBrain == null ? e.getMessage() : splitBrain + "; " + e.getMessage();
            changes.failedAfterCommit("SPLIT BRAIN: " + e.getMessage() + ": " + t.name() + " stays the master (it is"
                    + " writable and holds DB VIP " + addr + "); find the other holder (hactl check) and detach the VIP"
                    + " there (hactl db-master-unset --node NAME, or by hand: ip addr del " + cfg.dbVip().cidr()
                    + " dev IFACE); the controller proposes it for " + x.name());
        } catch (StepFailed e) {
            changes.failedAfterCommit(t.name() + ": check that no other MAC answers ARP for " + addr + ": "
                    + e.getMessage());
        }
    }

    /** What the check after the commit point saw when another MAC answered for the DB VIP; else null. */
    String splitBrain() {
        return splitBrain;
    }

    /** What was really done to the old master (after {@link #toCommitPoint} and {@link #afterCommit}). */
    Fencing fencing() {
        Fencing.Vip v = !x.shellOk() ? Fencing.Vip.UNREACHABLE : vipRemoved ? Fencing.Vip.DETACHED
                : oldVipError != null ? Fencing.Vip.HELD : Fencing.Vip.NOT_HELD;
        Fencing.Db db = block != null ? Fencing.Db.READ_ONLY : Fencing.dbFrom(x.shellOk(), x.dbError());
        String detail = !x.shellOk() ? x.shellError() : oldVipError != null ? oldVipError
                : db == Fencing.Db.UNANSWERED ? x.dbError() : null;
        return new Fencing(x.name(), v, db, detail);
    }

    /** What the salvage did ("read n1's binary log: 12 transaction(s)..."), null when it did not run. */
    String salvaged() {
        return salvaged;
    }

    private void applyRelayLog(DbState ts) {
        String received = ts.replica().gtidIoPos();
        if (received == null || received.isBlank()) {
            op.skip(t.name(), "apply the relay log", "nothing received from " + x.name());
            return;
        }
        changes.change(t.name(), "apply every transaction received from " + x.name() + " (relay log, up to " + received
                + "; timeout " + DurationText.config(relayWait) + ")", () -> {
                    if (!waitFor(received, ts.position())) {
                        throw new StepFailed(t.name() + " did not apply its relay log (up to " + received + ") within "
                                + DurationText.config(relayWait) + " (" + ta.state().replicationWords() + ")");
                    }
                    return "applied";
                }, null, null);
    }

    /** The new master waits (bounded) until it has applied {@code position}. */
    private boolean waitFor(String position) {
        return waitFor(position, ta.flavor() == Flavor.MARIADB ? ta.state().position() : null);
    }

    /**
     * As above, from {@code current}, the new master's position as last read (positions only grow: a GTID it
     * reached since is waited for at no cost).
     */
    private boolean waitFor(String position, String current) {
        String wait = ta.flavor() == Flavor.MARIADB ? GtidComparison.mariadbWaitPosition(current, position) : position;
        return wait.isEmpty() || ta.waitForGtid(wait, relayWait);
    }

    /** A blocked live old master: its final position (read after the lock) reached by replication? */
    private boolean reachBlockedMaster() {
        String fin = xa.state().position();
        String detail = changes.change(t.name(), "wait until it has applied " + x.name() + "'s last transaction (GTID "
                + DbMasterSet.shown(fin) + ", read after the lock; timeout " + DurationText.config(relayWait) + ")",
                () -> waitFor(fin) ? "reached" : "not reached: " + GtidComparison.compare(t.name(), ta.state().gtid(),
                        x.name(), xa.state().gtid()).sentence() + "; read from " + x.name() + "'s binary log instead",
                null, null);
        return detail == null || detail.equals("reached");
    }

    /**
     * Reads the old master's binlog from the new master's position and applies what it lacks, in one remote
     * command (issue 20: the index, the reader and the binlog's end were three ssh round trips): then checks
     * that the new master covers the binlog's end, read by the same command.
     */
    private void salvage(boolean required) {
        BinlogSalvage.Source src;
        try {
            src = salvage.locate(x.node(), otherSeen);
        } catch (StepFailed e) {
            notRead(e, required);
            return;
        }
        // the new master's state read once here (replication stopped: it does not move until the salvage applies)
        DbState now = ta.state();
        Received received = received(now);
        String from = received.file();
        String start = now.position();
        BinlogSalvage.Salvaged[] done = new BinlogSalvage.Salvaged[1];
        String how = changes.change(t.name(), "read " + x.name() + "'s binary log (" + src.basename() + ", from "
                + src.how() + "; the files its index lists from " + (from == null ? "the first" : from) + " on) after"
                + " GTID " + DbMasterSet.shown(start) + " and apply what " + t.name() + " lacks", () -> {
                    // the usual case first, prepared ahead: it received every byte of the last file (no reader)
                    String all = lastFile == null || received.position() == null ? null
                            : BinlogSalvage.allReceived(lastFile.apply(src.index()), from, received.position());
                    BinlogSalvage.Salvaged r = all != null ? BinlogSalvage.receivedAll(all)
                            : salvage.salvage(x.node(), ta.flavor(), start, src, from, received.position(),
                            endpoint(t.node()));
                    BinlogSalvage.Said said = r.said();
                    if (said.indexProblem() != null) {
                        String why = "cannot use " + x.name() + "'s binlog index " + src.index() + " (found from "
                                + src.how() + "): " + said.indexProblem();
                        if (required) {
                            throw new StepFailed(why + ": " + t.name() + " would lack transactions " + x.name()
                                    + " committed; nothing was changed on " + x.name());
                        }
                        return "not read: " + why;
                    }
                    done[0] = r;
                    BinlogSalvage.Applied a = r.applied();
                    if (a.transactions() > 0 && ta.flavor() == Flavor.MARIADB) {
                        // the applied events are in the binlog; the replication position follows them
                        ta.execute(Sql.of("SET GLOBAL gtid_slave_pos = @@gtid_binlog_pos"));
                    }
                    if (said.allReceived() != null) {
                        salvaged = "nothing to apply: " + t.name() + " had received all of it";
                        return salvaged + " (" + said.allReceived().replace(" ", " ends at ") + ", where its IO thread"
                                + " stopped) and applied all it received: no reader ran";
                    }
                    salvaged = a.transactions() == 0 ? "nothing to apply" : a.transactions()
                            + " transaction(s) applied (" + a.first() + " .. " + a.last() + ")";
                    return salvaged + "; " + said.files() + " file(s), " + said.firstFile()
                            + (said.files() > 1 ? " .. " + said.lastFile() : "");
                }, null, null);
        if (how != null && how.startsWith("not read: ")) {
            op.note(x.name(), "its binary log is not read: " + how.substring("not read: ".length()) + ". What "
                    + t.name() + " lacks of " + x.name() + "'s last transactions is lost (the risk the proposal stated)");
            return;
        }
        // read again only when the salvage applied something
        DbState after = done[0] == null || done[0].said().allReceived() != null
                || done[0].applied().transactions() == 0 && done[0].applied().bytes() == 0 ? now : ta.state();
        if (done[0] != null && done[0].said().allReceived() != null) {
            op.skip(t.name(), "check that it has every transaction of " + x.name() + "'s binary log", "it received every"
                    + " byte of it and applied all it received (" + after.position() + ")");
        } else if (ta.flavor() == Flavor.MARIADB && done[0] != null) {
            changes.change(t.name(), "check that it has every transaction of " + x.name() + "'s binary log", () -> {
                // the end as the same command read it from the last file; what the reader printed last when it
                // printed transactions and the end could not be read
                BinlogSalvage.Applied a = done[0].applied();
                String end = done[0].said().end() != null && !done[0].said().end().isEmpty() ? done[0].said().end()
                        : a.transactions() > 0 ? a.last() : null;
                if (end == null) {
                    throw new StepFailed("the end of " + x.name() + "'s binary log could not be read (its last file "
                            + done[0].said().lastFile() + ")");
                }
                GtidComparison.Result cmp = GtidComparison.compare(t.name(), after.gtid(), x.name(),
                        GtidView.mariadb(end, null));
                if (!cmp.aHasAllOfB()) {
                    throw new StepFailed(t.name() + " still lacks transactions of " + x.name() + "'s binary log: "
                            + cmp.sentence());
                }
                return "binlog ends at " + DbMasterSet.shown(end) + "; " + t.name() + " at " + after.position();
            }, null, null);
        }
        if (!op.dryRun() && otherSeen != null && otherSeen.flavor() == ta.flavor()) {
            GtidComparison.Result seen = GtidComparison.compare(t.name(), after.gtid(), x.name(), otherSeen.view());
            if (!seen.aHasAllOfB()) {
                throw new StepFailed(t.name() + " lacks transactions " + x.name() + " had when last seen, even after"
                        + " its binary log was read: " + seen.sentence());
            }
        }
    }

    /** The binary log cannot be found or its index read: refused when required, else said (the acknowledged risk). */
    private void notRead(StepFailed e, boolean required) {
        if (required) {
            throw new StepFailed(e.getMessage() + ": " + t.name() + " would lack transactions " + x.name()
                    + " committed; nothing was changed on " + x.name());
        }
        op.note(x.name(), "its binary log is not read: " + e.getMessage() + ". What " + t.name() + " lacks of "
                + x.name() + "'s last transactions is lost (the risk the proposal stated)");
    }

    /**
     * Where the new master's IO thread stopped in the old master's binary log: the file (Master_Log_File, null
     * when unknown) and, when it also applied every transaction it received (MariaDB: gtid_current_pos covers
     * Gtid_IO_Pos), how far into that file it read (Read_Master_Log_Pos), else null.
     */
    private record Received(String file, Long position) {
    }

    private Received received(DbState now) {
        try {
            List<Map<String, String>> rows = ta.query(Sql.of(ta.flavor() == Flavor.MYSQL ? "SHOW REPLICA STATUS"
                    : "SHOW SLAVE STATUS"));
            if (rows.isEmpty()) {
                return new Received(null, null);
            }
            Map<String, String> r = rows.get(0);
            String file = r.getOrDefault("Master_Log_File", r.get("Source_Log_File"));
            String pos = r.get("Read_Master_Log_Pos");
            String io = r.get("Gtid_IO_Pos");
            if (ta.flavor() != Flavor.MARIADB || pos == null || !pos.matches("\\d{1,18}") || io == null) {
                return new Received(file, null);
            }
            boolean applied = io.isBlank() || GtidComparison.compare(t.name(), now.gtid(), x.name(),
                    GtidView.mariadb(io, null)).aHasAllOfB();
            return new Received(file, applied ? Long.valueOf(pos) : null);
        } catch (RuntimeException e) {
            return new Received(null, null);
        }
    }

    private DbEndpoint endpoint(NodeConfig node) {
        String pw;
        try {
            pw = cfg.database().password().reveal();
        } catch (IllegalStateException e) {
            throw new StepFailed("cannot read the database password: " + e.getMessage());
        }
        return new DbEndpoint(node.address(), cfg.database().port(), null, cfg.database().user(), pw, null);
    }

    // ------------------------------------------------------------------ the new master (every path)

    /** The new master: replication stopped and forgotten, writable; each undone on rollback. */
    void makeMaster() {
        if (t.db().isReplica()) {
            changes.change(t.name(), "stop replication, forget it (" + (ta.flavor() == Flavor.MYSQL ? "RESET REPLICA ALL"
                    : "RESET SLAVE ALL") + ")", () -> {
                        ta.stopReplication();
                        ta.resetReplication();
                        return null;
                    }, "replicate from " + x.name() + " again", () -> {
                        ta.pointAt(ReplicationSource.of(cfg, x.node()), ta.state().position());
                        ta.startReplication();
                    });
        }
        String word = t.db().readOnlyWord();
        if (!t.db().writable()) {
            changes.change(t.name(), "set " + word + "=OFF (writable)", () -> {
                agreed = ta.state();
                ta.setReadOnly(false);
                return "at GTID " + DbMasterSet.shown(agreed.position());
            }, "set " + word + "=ON again", () -> ta.setReadOnly(true));
        } else {
            agreed = op.dryRun() ? null : ta.state();
            op.skip(t.name(), "set " + word + "=OFF", "already writable");
        }
    }

    /** The DB VIP added on the new master and announced; undone on rollback. */
    void addVip() {
        if (!t.holdsDbVip()) {
            changes.change(t.name(), "add DB VIP " + vip + " and announce it (gratuitous ARP)", vipAdder::add,
                    "remove DB VIP " + vip, () -> vips.remove(t.node(), cfg.dbVip()));
            vipAdded = !op.dryRun();
        } else {
            op.skip(t.name(), "add DB VIP " + vip, "already there");
        }
    }

    /**
     * How the fence's reset rule is set on the old master (a failover prepares it ahead, issue 20: the
     * step then costs no ssh channel set-up); default: one command ({@link ResetRule#set}).
     */
    void resetWith(java.util.function.Supplier<String> setter) {
        this.resetSetter = setter;
    }

    /**
     * The salvage's look-up of its usual case prepared ahead (issue 20): given the binlog index, what {@link
     * BinlogSalvage#lastFileCommand} printed on the old master, or null (not prepared for that index, or it failed):
     * then the ordinary salvage command runs.
     */
    void lastFileWith(java.util.function.Function<String, String> lastFile) {
        this.lastFile = lastFile;
    }

    /** How {@link #removeOldVip} removes the DB VIP from the old master (a failover prepares it ahead); default: one command. */
    void removeOldVipWith(java.util.function.Supplier<String> remover) {
        this.oldVipRemover = remover;
    }

    /** The GTID the new master had when it was made writable (null before {@link #makeMaster}). */
    DbState agreed() {
        return agreed;
    }

    /**
     * The DB VIP leaves the old master before it is added on the new one: never two MACs for it
     * (issue 13). A client whose SYN reaches the old node in the few milliseconds between the two
     * retries it; two holders would let a neighbour keep the old MAC. Undone on rollback (added
     * back and announced).
     *
     * @param why why the old master may lose it now, in words ("its writes are blocked")
     */
    void removeOldVip(String why) {
        if (x.shellOk() && x.holdsDbVip()) {
            changes.change(x.name(), "remove DB VIP " + vip + " (" + why + ")", () -> {
                        String r = oldVipRemover != null ? oldVipRemover.get() : vips.remove(x.node(), cfg.dbVip());
                        vipRemoved = true;
                        return r;
                    }, "add DB VIP " + vip + " back and announce it", () -> vips.addAndAnnounce(x.node(), cfg.dbVip()));
        } else if (!x.shellOk()) {
            op.note(x.name(), "cannot reach it to remove the DB VIP (" + x.shellError() + "); nobody answers ARP for it"
                    + " now. It is fenced the moment it answers (the controller does; by hand: hactl db-master-unset"
                    + " --node " + x.name() + ")");
        }
    }

    private boolean afterCommit(String node, String description, Operation.Action action) {
        return changes.afterCommit(node, description, action);
    }
}
