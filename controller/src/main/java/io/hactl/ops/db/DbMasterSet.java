package io.hactl.ops.db;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.config.ServiceConfig;
import io.hactl.db.ClientSession;
import io.hactl.db.DbAdmin;
import io.hactl.db.DbState;
import io.hactl.model.GtidComparison;
import io.hactl.db.GtidMemory;
import io.hactl.db.ReplicationSource;
import io.hactl.model.DbProbe.Flavor;
import io.hactl.model.DurationText;
import io.hactl.model.ReplicaStatus;
import io.hactl.node.CommandResult;
import io.hactl.node.NodeShell;
import io.hactl.ops.AnnounceRepeats;
import io.hactl.ops.Operation;
import io.hactl.ops.OperationRunner;
import io.hactl.ops.ProbePause;
import io.hactl.ops.ResetRule;
import io.hactl.pair.Refused;
import io.hactl.ops.ServiceManager;
import io.hactl.pair.StepFailed;
import io.hactl.ops.VipManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code hactl db-master-set --node N}: make N the database master, as the seed's
 * db_master_set.sh did, with the guarantees of issue 3. Reads both nodes, lets
 * {@link SwitchPlanner} decide, then runs the plan as printed, logged steps:
 *
 * <ul>
 *   <li>planned switch (both reachable): stop the app services that ran; old master
 *       read-only, client sessions ended; wait until N has applied every transaction of
 *       the old master (GTID equal) or roll back and refuse; N: replication stopped and
 *       reset, writable; DB VIP removed from the old master (write-blocked) and then added
 *       on N and announced (gratuitous ARP): never two MACs; only N's MAC answers; old master
 *       replicates from N with GTID, read-only; services started again.
 *   <li>stand-alone (old master's database unreachable): only if N was not behind it at
 *       the last observation ({@link GtidMemory}) and nobody answers ARP for the DB VIP,
 *       unless --force.
 *   <li>re-join: N already the master; the other node (back after a failure, or after a
 *       data copy with --force-sync) becomes its replica.
 * </ul>
 * The commit point is the DB VIP answering on N: a failure before it undoes every change
 * (printed and logged); after it nothing is undone (clients may have written to N) and the
 * failure is reported with the state left and what to do.
 */
public final class DbMasterSet {

    public static final String NAME = "db-master-set";
    private static final Duration POLL = Duration.ofMillis(20);

    private final HactlConfig cfg;
    private final VipManager vips;
    private final ServiceManager services;
    private final Function<NodeConfig, DbAdmin> connector;
    private final Function<NodeConfig, NodeShell> shells;
    private final GtidMemory memory;
    private final ResetRule resets;
    private final ProbePause pause;

    public DbMasterSet(HactlConfig cfg, Function<NodeConfig, NodeShell> shells, Function<NodeConfig, DbAdmin> connector) {
        this(cfg, shells, connector, ProbePause.NONE);
    }

    /**
     * With the controller's probe cycles held back while it runs, at most {@link ProbePause#AT_MOST} ({@link
     * ProbePause}: a switchover the controller runs has its write gap without them).
     */
    public DbMasterSet(HactlConfig cfg, Function<NodeConfig, NodeShell> shells, Function<NodeConfig, DbAdmin> connector,
                       ProbePause pause) {
        this.pause = pause;
        this.cfg = cfg;
        this.vips = new VipManager(shells, cfg.probe().arpTimeout());
        this.services = new ServiceManager(cfg, shells);
        this.connector = connector;
        this.shells = shells;
        this.memory = GtidMemory.of(cfg);
        this.resets = new ResetRule(shells);
    }

    /** Runs the command; returns its exit code: 0 done (or nothing to do), 1 failed, 2 refused. */
    public int run(OperationRunner runner, NodeConfig target, SwitchPlanner.Options opt) {
        NodeConfig other = cfg.peerOf(target);
        PairObserver observer = new PairObserver(cfg, vips, memory);
        ProbePause.Held held = ProbePause.once(pause.hold(ProbePause.AT_MOST));
        Connections db = new Connections(connector);
        openAhead(db, target, other);
        try (held; db; Operation op = runner.begin(NAME, "make " + target.name() + " the database master");
             Ahead ahead = new Ahead(op.dryRun(), target, other)) {
            long t0 = System.nanoTime();
            // the old master's write-lock session, opened beside the reads (a switch takes the lock in its write gap)
            CompletableFuture<Void> lockSession = op.dryRun() ? null : db.prepareLockAhead(other, lockWait(opt));
            Observation o = observer.observe(target, other, db, NAME);
            if (!op.dryRun()) {
                op.note(null, "both nodes read (SSH and SQL to both at once, from the command's start): "
                        + observer.timing() + "; the operation's start to the plan " + (System.nanoTime() - t0) / 1_000_000
                        + " ms");
            }
            SwitchPlan plan;
            try {
                plan = SwitchPlanner.plan(o, opt, Instant.now());
            } catch (IllegalArgumentException e) {
                throw op.refuse("cannot read the GTID positions: " + e.getMessage(),
                        "look at both servers: hactl db-sync-check");
            }
            if (plan.kind() != SwitchPlan.Kind.REFUSE && plan.kind() != SwitchPlan.Kind.NOTHING_TO_DO) {
                op.note(null, "plan: " + plan.summary());
            }
            plan.notes().forEach(n -> op.note(null, n));
            Flow f = new Flow(op, o, db, opt, plan, observer, ahead, lockSession);
            return switch (plan.kind()) {
                case REFUSE -> throw op.refuse(plan.reason(), plan.fix());
                case NOTHING_TO_DO -> {
                    op.succeed("nothing to do: " + plan.summary());
                    yield 0;
                }
                case MAKE_WRITABLE -> f.makeWritable();
                case ADD_VIP -> f.addVipToMaster();
                case SWITCH -> f.switchover();
                case REJOIN -> f.rejoin();
                case STANDALONE -> f.standalone();
            };
        } catch (Refused r) {
            return 2;
        }
    }

    /**
     * Issue 20, "switchover ≤ 1 s": the SSH sessions and the SQL connections to both nodes, all four
     * opened at once in the background now, before the pair lock and the transition log's first
     * entry: each costs a key exchange or a login (100–400 ms on a loaded 2-core lab) and none waits
     * for another. The reads that follow take them as they come; a failure shows there, as before.
     */
    private void openAhead(Connections db, NodeConfig... nodes) {
        for (NodeConfig n : nodes) {
            db.openAhead(n);
            CompletableFuture.runAsync(() -> shells.apply(n).open());
        }
    }

    /**
     * What a switch prepares while both nodes are read, so that no ssh round trip waits for another
     * and none is spent inside the write gap: the DB VIP's two commands started on their nodes,
     * each waiting for its trigger ({@link PreparedCommand}: no channel set-up or login shell when
     * fired); the application services running on each node, read at once. Closed unused otherwise.
     */
    private final class Ahead implements AutoCloseable {
        final PreparedCommand add;
        final PreparedCommand remove;
        /** The old master's reset rule ({@link ResetRule#setCommand}): fired with its read-only, not an ssh round trip in the gap. */
        final PreparedCommand reset;
        final Map<String, CompletableFuture<Object>> services = new LinkedHashMap<>();

        Ahead(boolean dryRun, NodeConfig target, NodeConfig other) {
            add = dryRun ? null : PreparedCommand.start(shells.apply(target), target, VipManager.preparedAdd(target, cfg.dbVip()).before(),
                    addCommand(target));
            remove = dryRun ? null : PreparedCommand.start(shells.apply(other), other, removeCommand(other));
            reset = dryRun ? null : PreparedCommand.start(shells.apply(other), other,
                    ResetRule.setCommand(cfg.dbVip(), cfg.database().port()));
            if (!cfg.services().isEmpty()) {
                for (NodeConfig n : List.of(target, other)) {
                    services.put(n.name(), CompletableFuture.supplyAsync(() -> {
                        try {
                            return DbMasterSet.this.services.running(n);
                        } catch (StepFailed e) {
                            return e;
                        }
                    }));
                }
            }
        }

        /** The services running on {@code node}, read ahead; throws what reading them threw. */
        @SuppressWarnings("unchecked")
        List<String> running(NodeConfig node) {
            CompletableFuture<Object> f = services.get(node.name());
            Object r = f == null ? DbMasterSet.this.services.running(node) : f.join();
            if (r instanceof StepFailed e) {
                throw e;
            }
            return (List<String>) r;
        }

        @Override
        public void close() {
            if (add != null) {
                add.close();
            }
            if (remove != null) {
                remove.close();
            }
            if (reset != null) {
                reset.close();
            }
        }
    }

    /**
     * The DB VIP added on the new master and announced, then its gratuitous ARP repeats handed to the
     * node itself ({@link AnnounceRepeats#handOffCommand}): one command, no round trip more. It runs
     * after the look-ups of {@link VipManager#preparedAdd} (prepared: before the trigger; else just before it).
     */
    private String addCommand(NodeConfig target) {
        return VipManager.preparedAdd(target, cfg.dbVip()).after() + " && " + AnnounceRepeats.handOffCommand(target,
                cfg.dbVip());
    }

    /**
     * The DB VIP removed from the old master, then a fence's reset rule there (issue 20): in that order,
     * so that no new connection to the VIP is accepted there between the two; the rule matches only the
     * VIP, which it no longer holds. Prints "removed" or "not there", then "reset rule removed" when one was.
     */
    private String removeCommand(NodeConfig node) {
        return VipManager.removeCommand(node, cfg.dbVip()) + "; " + ResetRule.clearCommand();
    }

    /** The fallback of {@link #removeCommand} prepared ahead: the same two, one round trip each. */
    private String removeOldVip(NodeConfig node) {
        String r = vips.remove(node, cfg.dbVip());
        return r + ("removed".equals(resets.clear(node)) ? "; reset rule removed" : "");
    }

    /** A catch-up wait that ended without the GTIDs being equal: the switch is rolled back and refused. */
    static final class CatchUpFailed extends StepFailed {
        CatchUpFailed(String message) {
            super(message);
        }
    }

    /** One run of a plan. */
    private final class Flow {
        private final Operation op;
        private final Observation o;
        private final SwitchPlanner.Options opt;
        private final SwitchPlan plan;
        private final PairObserver observer;
        private final Changes changes;
        private final NodeView t;
        private final NodeView x;
        private final DbAdmin ta;
        private final DbAdmin xa;
        private final String vip;
        /** The target's state when it was made writable: the position the old master starts from. */
        private DbState agreed;
        /** The promotion of the target: the same steps as a failover's. */
        private final Promotion promotion;
        /** What was prepared while both nodes were read. */
        private final Ahead ahead;
        /** The DB VIP's gratuitous ARP repeats were handed to the target's node (noted after the step). */
        private boolean repeatsHanded;
        /** The old master's writes blocked (planned switch); null before. */
        private WriteBlock block;
        /** The old master keeps the DB VIP behind its reset rule until the new master announced it (planned switch). */
        private boolean oldVipKept;
        /** The old master's reset rule being set since its read-only (planned switch); null: none to set. */
        private CompletableFuture<String> resetSetting;
        /** The old master's write-lock session being opened ahead (null: none, or a dry run). */
        private final CompletableFuture<Void> lockSession;

        Flow(Operation op, Observation o, Connections db, SwitchPlanner.Options opt, SwitchPlan plan,
             PairObserver observer, Ahead ahead, CompletableFuture<Void> lockSession) {
            this.ahead = ahead;
            this.lockSession = lockSession;
            this.op = op;
            this.o = o;
            this.opt = opt;
            this.plan = plan;
            this.observer = observer;
            this.changes = new Changes(op);
            this.t = o.target();
            this.x = o.other();
            this.ta = t.dbUp() ? db.get(t.node()) : null;
            this.xa = x.dbUp() ? db.get(x.node()) : null;
            this.vip = cfg.dbVip().cidr();
            this.promotion = ta == null ? null : new Promotion(cfg, vips, shells, op, changes, o, ta, xa, opt.timeout(),
                    this::addVip);
            if (promotion != null && ahead.remove != null) {
                promotion.removeOldVipWith(() -> ahead.remove.fire(r -> r.out().strip().replace("\n", "; "),
                        () -> removeOldVip(x.node())));
            }
        }

        // -------------------------------------------------------------- planned switch

        int switchover() {
            boolean force = plan.forceSync();
            Map<NodeView, List<String>> running = runningServices();
            try {
                stopServices(running);
                demoteOther();
                if (force) {
                    op.note(null, "--force-sync: no wait for " + t.name() + " to have " + x.name() + "'s transactions");
                } else {
                    String pos = x.db().position();
                    changes.change(t.name(), "wait until " + t.name() + " has applied every transaction of " + x.name()
                            + " (GTID " + (pos.isEmpty() ? "(none)" : pos) + " at the start; timeout "
                            + DurationText.config(opt.timeout()) + ")", this::catchUp, null, null);
                }
                promoteTarget();
                changes.commit();
                noteRepeats();
            } catch (CatchUpFailed | WriteBlock.Held e) {
                List<String> failed = changes.rollback();
                if (failed.isEmpty()) {
                    throw op.rolledBack(e.getMessage(), e instanceof WriteBlock.Held h ? h.fix()
                            : "find out why " + t.name() + "'s replication is slow or stopped"
                            + " (hactl check; SHOW SLAVE STATUS on " + t.name() + "), then retry; or raise --timeout",
                            x.name() + " is the master again (writable, DB VIP), " + t.name()
                            + " its replica; the services that ran were started again");
                }
                op.fail(e.getMessage() + "; ROLLBACK INCOMPLETE: " + String.join("; ", failed)
                        + ". Look at the pair: hactl check");
                return 1;
            } catch (StepFailed e) {
                return failedBeforeCommit(e);
            }
            // committed: N answers for the DB VIP and is writable. From here nothing is undone. The old master kept
            // the VIP behind its reset rule until now (no moment without a holder): it lets it go, then the ARP check
            // is asked, both beside its own steps (issue 20: their ssh round trips and ARP window, ~0.3-0.6 s on a
            // loaded lab, no longer add to the SQL steps): the sessions queued behind its lock ended, the lock
            // released (new connections to the VIP still get a reset until it leaves), nothing landed, replicating.
            CompletableFuture<String> oldVip = op.dryRun() || !oldVipKept ? null
                    : CompletableFuture.supplyAsync(this::removeKeptVip);
            CompletableFuture<String> arpCheck = op.dryRun() ? null : (oldVip == null
                    ? CompletableFuture.completedFuture(null) : oldVip.handle((r, e) -> null))
                    .thenApplyAsync(v -> vips.verifyOnly(t.node(), x.node(), cfg.dbVip(), true));
            boolean released = afterCommit(x.name(), "end the sessions that waited behind the write lock, then"
                    + " release it", () -> block.release());
            boolean clean = released && (force || afterCommit(x.name(), "check that nothing landed on " + x.name()
                    + " after the lock (its GTID equals " + t.name() + "'s at the switch, " + shown(agreed == null ? null
                    : agreed.position()) + ")", () -> block.checkNothingLanded(t.name(), agreed)));
            if (clean) {
                attachOther(force);
            }
            releaseOldVip(oldVip);
            afterCommit(x.name(), "check that only " + t.name() + "'s MAC answers ARP for " + cfg.dbVip().address()
                    + " (asked from " + x.name() + " once it let the VIP go, beside the steps above)",
                    () -> arpCheck == null ? vips.verifyOnly(t.node(), x.node(), cfg.dbVip(), true) : joined(arpCheck));
            startServices(running);
            rememberBoth();
            readOnlyConfigNote();
            return finish(t.name() + " is the master (writable, DB VIP " + cfg.dbVip().address() + "); " + x.name()
                    + " replicates from it with GTID, read-only" + servicesWords(running));
        }

        /**
         * The old master stops taking writes from every client, privileged ones included: read-only,
         * FLUSH TABLES WITH READ LOCK held ({@link WriteBlock}, in a session opened ahead; its client sessions are
         * ended when the lock is released, after the commit point); undone on rollback. Where it holds the DB VIP,
         * once it is read-only its kernel answers new connections to the VIP's database port with a TCP reset
         * ({@link ResetRule}): the rule's command, prepared ahead, is fired then and runs beside the lock and the
         * catch-up; its step is joined before the DB VIP is added on the new master ({@link #keepOldVipBehindReset}):
         * the old master then keeps the VIP until the new master has announced it (issue 20).
         */
        private void demoteOther() {
            block = new WriteBlock(op, changes, x.name(), xa, lockWait(opt));
            if (op.dryRun()) {
                op.step(x.name(), "set " + x.db().readOnlyWord() + "=ON, block every write (FLUSH TABLES WITH READ LOCK)",
                        () -> null);
                if (x.holdsDbVip()) {
                    op.step(x.name(), "answer new connections to DB VIP " + cfg.dbVip().address() + ":"
                            + cfg.database().port() + " with a TCP reset; keep the VIP until " + t.name()
                            + " has announced it", () -> null);
                }
                return;
            }
            if (lockSession != null) {
                block.lockPreparedBy(lockSession);
            }
            block.readOnly(x.db());
            if (x.shellOk() && x.holdsDbVip()) {
                int port = cfg.database().port();
                // its undo first: a lock refused while the rule is being set still removes it
                resetSetting = CompletableFuture.supplyAsync(() -> ahead.reset == null ? resets.set(x.node(), cfg.dbVip(), port)
                        : ahead.reset.fire(r -> ResetRule.detail(r, x.node(), cfg.dbVip(), port),
                                () -> resets.set(x.node(), cfg.dbVip(), port)));
                CompletableFuture<String> set = resetSetting;
                changes.onRollback(x.name(), "remove the reset rule (nft table " + ResetRule.TABLE + ")", () -> {
                    set.handle((r, e) -> r).join();
                    resets.clear(x.node());
                });
            }
            block.lock(false);
        }

        /**
         * The old master's reset rule, fired with its read-only ({@link #demoteOther}), joined as its step: right before
         * the DB VIP is added on the new master, so the rule's command (an nft process, tens of ms on a loaded node) runs
         * beside the lock, the catch-up and the promotion, not after them. Set: the old master keeps the VIP until the
         * new one has announced it; not set (no nft): the VIP leaves it first, as without the rule.
         */
        private void keepOldVipBehindReset() {
            if (resetSetting == null) {
                return;
            }
            CompletableFuture<String> set = resetSetting;
            resetSetting = null;
            String detail = changes.change(x.name(), "answer new connections to DB VIP " + cfg.dbVip().address() + ":"
                    + cfg.database().port() + " with a TCP reset (nft table " + ResetRule.TABLE + ", fired with its"
                    + " read-only, beside the lock and the catch-up): it keeps the VIP until " + t.name()
                    + " has announced it", () -> joined(set), null, null);
            oldVipKept = detail != null && !detail.startsWith(ResetRule.NOT_SET);
        }


        /**
         * Waits (server side, bounded: MASTER_GTID_WAIT, no polling) until the target has applied the old
         * master's position; reads the position again afterwards and waits again if a commit that was in
         * flight landed meanwhile; then requires equal GTIDs. Each pair of reads (the old master's position
         * and the target's) goes to both servers at once (issue 20: the catch-up is inside the write gap,
         * and on a loaded lab each state read costs 5–30 ms).
         */
        private String catchUp() {
            long deadline = System.nanoTime() + opt.timeout().toNanos();
            DbState[] both = bothStates();
            String pos = both[1].position();
            DbState tNow = both[0];
            int rounds = 0;
            while (true) {
                rounds++;
                String wait = tNow.flavor() == Flavor.MARIADB
                        ? GtidComparison.mariadbWaitPosition(tNow.position(), pos) : pos;
                if (!wait.isEmpty()) {
                    Duration left = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
                    if (!ta.waitForGtid(wait, left)) {
                        throw new CatchUpFailed(t.name() + " did not catch up with " + x.name() + " within "
                                + DurationText.config(opt.timeout()) + ": " + compare().sentence() + " (" + t.name() + " replication "
                                + ta.state().replicationWords() + ")");
                    }
                }
                both = bothStates();
                tNow = both[0];
                String again = both[1].position();
                if (again.equals(pos) || rounds >= 5) {
                    break;
                }
                pos = again;
            }
            GtidComparison.Result cmp = GtidComparison.compare(t.name(), both[0].gtid(), x.name(), both[1].gtid());
            while (cmp.kind() == GtidComparison.Kind.BEHIND && System.nanoTime() < deadline) {
                pause();
                cmp = compare();
            }
            if (!cmp.equal()) {
                throw new CatchUpFailed("GTIDs not equal after the wait: " + cmp.sentence());
            }
            return "GTID equal: " + cmp.aPosition();
        }

        /** The target's state and the old master's, read at once: {target, old master}. */
        private DbState[] bothStates() {
            CompletableFuture<DbState> other = CompletableFuture.supplyAsync(xa::state);
            DbState target = ta.state();
            return new DbState[] {target, joined(other)};
        }

        private GtidComparison.Result compare() {
            DbState[] both = bothStates();
            return GtidComparison.compare(t.name(), both[0].gtid(), x.name(), both[1].gtid());
        }

        /**
         * The target: replication stopped and forgotten, writable, DB VIP added and announced; each
         * undone on rollback. The same steps as every promotion ({@link Promotion}).
         */
        private void promoteTarget() {
            promotion.makeMaster();
            agreed = promotion.agreed();
            keepOldVipBehindReset();
            if (!oldVipKept) {
                promotion.removeOldVip("read-only, its writes are blocked");
            }
            promotion.addVip();
        }

        /** The DB VIP the old master kept, removed there, then its reset rule ({@link #removeCommand}, prepared ahead). */
        private String removeKeptVip() {
            return ahead.remove == null ? removeOldVip(x.node())
                    : ahead.remove.fire(r -> r.out().strip().replace("\n", "; "), () -> removeOldVip(x.node()));
        }

        /**
         * After the commit point: the step of the DB VIP the old master kept behind its reset rule, removed
         * there since the commit point ({@code removal}; null: not kept, or a dry run). Its removal failing is a
         * split brain (two holders), said as one: the new master stays the master, the old one still resets
         * new connections.
         */
        private void releaseOldVip(CompletableFuture<String> removal) {
            if (!oldVipKept) {
                return;
            }
            try {
                op.step(x.name(), "remove DB VIP " + vip + " (" + t.name() + " holds and announced it), then its reset"
                        + " rule (since the commit point, beside the steps above)",
                        () -> removal == null ? removeKeptVip() : joined(removal));
            } catch (StepFailed e) {
                changes.failedAfterCommit("SPLIT BRAIN: " + x.name() + " still holds DB VIP " + cfg.dbVip().address()
                        + ": its removal failed (" + e.getMessage() + "): " + t.name() + " stays the master (writable, DB"
                        + " VIP); new connections to " + x.name() + " are answered with a reset. Detach it there: hactl"
                        + " db-master-unset --node " + x.name() + ", or by hand: ip addr del " + vip + " dev "
                        + x.node().networkInterface());
            }
        }

        /**
         * The DB VIP added on the target and announced, and the repeats of its gratuitous ARP handed to
         * the node: the command prepared ahead when it is ready, else the same command the ordinary way
         * (idempotent).
         */
        private String addVip() {
            Function<CommandResult, String> added = r -> {
                String words = VipManager.addAndAnnounceResult(r, cfg.dbVip(), t.node());
                repeatsHanded = r.out().contains(AnnounceRepeats.HANDED);
                return words;
            };
            Supplier<String> now = () -> added.apply(shells.apply(t.node()).run(VipManager.preparedAdd(t.node(), cfg.dbVip()).before() + "\n"
                    + addCommand(t.node()), Duration.ofSeconds(5)));
            // done once the node said the repeats are handed over (its last words), not when its shell has exited
            return ahead.add == null ? now.get() : ahead.add.fire(added, now, AnnounceRepeats.HANDED);
        }

        /** After the add's step: the repeats handed to the node are said (they run detached, nothing comes back). */
        private void noteRepeats() {
            if (repeatsHanded) {
                op.note(t.name(), AnnounceRepeats.handedWords(t.node(), cfg.dbVip()));
                repeatsHanded = false;
            }
        }

        private int failedBeforeCommit(StepFailed e) {
            List<String> failed = changes.rollback();
            op.fail(e.getMessage() + (failed.isEmpty()
                    ? "; rolled back: " + (x.dbUp() ? x.name() + " is the master as before" : "as before")
                      + " and the services that ran were started again"
                    : "; ROLLBACK INCOMPLETE: " + String.join("; ", failed) + ". Look at the pair: hactl check"));
            return 1;
        }

        // -------------------------------------------------------------- the other node as replica

        /** Makes the other node a read-only replica of the target and waits until its threads run. */
        private void attachOther(boolean force) {
            boolean pointed = afterCommit(x.name(), "replicate from " + t.name() + " (" + t.node().address() + ", GTID"
                    + (xa.flavor() == Flavor.MYSQL ? " auto-position" : ", slave_pos from "
                    + (force ? t.name() + "'s current position" : "its own GTID position")) + "), stay read-only",
                    () -> replicate(force));
            if (pointed) {
                afterCommit(x.name(), "wait until its replication threads run (timeout " + DurationText.config(opt.timeout()) + ")",
                        this::waitThreads);
            }
        }

        private String replicate(boolean force) {
            DbState rs = xa.state();
            DbState ms = agreed != null ? agreed : ta.state();
            GtidComparison.Result cmp = GtidComparison.compare(x.name(), rs.gtid(), t.name(), ms.gtid());
            String extra = "";
            boolean extraTransactions = cmp.kind() == GtidComparison.Kind.AHEAD
                    || cmp.kind() == GtidComparison.Kind.DIVERGED;
            if (extraTransactions && !force) {
                throw new StepFailed(x.name() + " has transactions " + t.name() + " lacks (" + cmp.sentence()
                        + "; a user with READ_ONLY ADMIN or SUPER may have written after read_only): not made a"
                        + " replica, left read-only. Copy " + t.name() + "'s data to " + x.name()
                        + ", then: hactl db-master-set --node " + t.name() + " --force-sync");
            }
            if (rs.isReplica()) {
                xa.stopReplication();
                xa.resetReplication();
            }
            if (extraTransactions) {
                // --force-sync: the operator copied the master's data here; this binlog no longer describes it
                xa.forgetHistory(ms.position());
                extra = "; its own binlog history was dropped (it had " + String.join(", ", cmp.bLacks()) + " that "
                        + t.name() + " lacks)";
            }
            String seed = force ? ms.position() : rs.position();
            xa.pointAt(source(t.node()), seed);
            xa.startReplication();
            return "MASTER_HOST=" + t.node().address() + (xa.flavor() == Flavor.MYSQL ? ", auto-position"
                    : ", gtid_slave_pos=" + shown(seed)) + extra;
        }

        private String waitThreads() {
            long deadline = System.nanoTime() + opt.timeout().toNanos();
            DbState s;
            do {
                s = xa.state();
                ReplicaStatus r = s.replica();
                if (r != null && r.ioRunning() && r.sqlRunning()) {
                    return "IO thread Yes, SQL thread Yes";
                }
                boolean ioFailed = r != null && r.lastIoErrno() != 0 && !r.ioRunning()
                        && !"Connecting".equalsIgnoreCase(r.ioState());
                if (r == null || r.lastSqlErrno() != 0 || ioFailed) {
                    throw new StepFailed(x.name() + "'s replication is not running: " + s.replicationWords());
                }
                pause();
            } while (System.nanoTime() < deadline);
            throw new StepFailed(x.name() + "'s replication threads did not both run within " + DurationText.config(opt.timeout())
                    + ": " + s.replicationWords());
        }

        // -------------------------------------------------------------- target already master

        int makeWritable() {
            try {
                op.step(t.name(), "set " + t.db().readOnlyWord() + "=OFF (writable)", () -> {
                    ta.setReadOnly(false);
                    return null;
                });
            } catch (StepFailed e) {
                op.fail(e.getMessage() + "; " + t.name() + " is still read-only");
                return 1;
            }
            rememberBoth();
            readOnlyConfigNote();
            return finish(t.name() + " is writable again (DB VIP " + cfg.dbVip().address() + ")");
        }

        /** {@link SwitchPlan.Kind#ADD_VIP}: the master by replication gets the DB VIP (writable first if need be). */
        int addVipToMaster() {
            try {
                if (!t.db().writable()) {
                    op.step(t.name(), "set " + t.db().readOnlyWord() + "=OFF (writable)", () -> {
                        ta.setReadOnly(false);
                        return null;
                    });
                }
                op.step(t.name(), "add DB VIP " + vip + " and announce it (gratuitous ARP)", this::addVip);
                noteRepeats();
            } catch (StepFailed e) {
                op.fail(e.getMessage() + "; no node holds DB VIP " + vip + " (look at the pair: hactl check)");
                return 1;
            }
            rememberBoth();
            return finish(t.name() + " is the master (DB VIP " + cfg.dbVip().address() + "); " + x.name()
                    + " replicates from it");
        }

        int rejoin() {
            boolean force = plan.forceSync();
            try {
                if (x.db().writable()) {
                    op.step(x.name(), "set " + x.db().readOnlyWord() + "=ON (no more writes)", () -> {
                        xa.setReadOnly(true);
                        return null;
                    });
                    op.step(x.name(), "end client sessions (not replication threads)",
                            () -> killed(xa.killClientSessions()));
                }
                if (x.holdsDbVip()) {
                    op.step(x.name(), "remove DB VIP " + vip + " (" + t.name() + " holds it too)",
                            () -> vips.remove(x.node(), cfg.dbVip()));
                    op.step(t.name(), "announce DB VIP " + cfg.dbVip().address() + " (gratuitous ARP)",
                            () -> vips.announce(t.node(), cfg.dbVip()));
                }
                if (!t.db().writable()) {
                    op.step(t.name(), "set " + t.db().readOnlyWord() + "=OFF (writable)", () -> {
                        ta.setReadOnly(false);
                        return null;
                    });
                }
                changes.commit();
            } catch (StepFailed e) {
                op.fail(e.getMessage() + "; " + t.name() + " is still the master; look at the pair: hactl check");
                return 1;
            }
            attachOther(force);
            if (changes.afterCommitFailures().isEmpty()) {
                op.step(x.name(), "wait until it has " + t.name() + "'s transactions (timeout " + DurationText.config(opt.timeout())
                        + "; replication goes on if not)", () -> {
                            String pos = ta.state().position();
                            String wait = xa.flavor() == Flavor.MARIADB
                                    ? GtidComparison.mariadbWaitPosition(xa.state().position(), pos) : pos;
                            boolean done = wait.isEmpty() || xa.waitForGtid(wait, opt.timeout());
                            return done ? "caught up at " + shown(pos) : "still catching up: "
                                    + GtidComparison.compare(x.name(), xa.state().gtid(), t.name(), ta.state().gtid()).sentence();
                        });
            }
            rememberBoth();
            return finish(t.name() + " is the master (DB VIP " + cfg.dbVip().address() + "); " + x.name()
                    + " replicates from it with GTID, read-only");
        }

        // -------------------------------------------------------------- stand-alone

        int standalone() {
            op.note(null, "*** STANDALONE: " + x.name() + "'s database cannot be reached; " + t.name()
                    + " becomes the master WITHOUT a replica: no online backup until " + x.name()
                    + " replicates again ***");
            // the same checks as the planner ran: it refused already if one fails
            PromotionCheck.Decision d = PromotionCheck.decide(o, "this command", opt.force());
            // the planner let a target that lacks transactions through because the binlog is read: then it must be
            boolean required = plan.comparison() != null && !plan.comparison().aHasAllOfB() && !opt.force();
            Map<NodeView, List<String>> running = runningServices();
            try {
                stopServices(running);
                promotion.toCommitPoint(d, required);
                changes.commit();
                noteRepeats();
            } catch (StepFailed e) {
                return failedBeforeCommit(e);
            }
            promotion.afterCommit();
            startServices(running);
            rememberBoth();
            readOnlyConfigNote();
            Fencing f = op.dryRun() ? null : promotion.fencing();
            return finish(t.name() + " is the master (writable, DB VIP " + cfg.dbVip().address()
                    + "), STANDALONE: no replica, no online backup" + (f == null ? "" : "; " + f.words())
                    + (promotion.salvaged() == null ? "" : "; " + x.name() + "'s binary log: " + promotion.salvaged())
                    + servicesWords(running) + ". When " + x.name()
                    + " is back: hactl db-master-set --node " + t.name() + " makes it a replica again (refused, with"
                    + " the transactions named, if it has some " + t.name() + " lacks)");
        }

        // -------------------------------------------------------------- services

        /** The app services running on the node(s) holding the app VIP, read before any change. */
        private Map<NodeView, List<String>> runningServices() {
            Map<NodeView, List<String>> running = new LinkedHashMap<>();
            for (NodeView n : List.of(x, t)) {
                if (!n.holdsAppVip()) {
                    continue;
                }
                try {
                    running.put(n, ahead.running(n.node()));
                } catch (StepFailed e) {
                    throw op.refuse("cannot tell which application services run on " + n.name() + ": " + e.getMessage(),
                            "fix ssh first: hactl ssh test " + n.name());
                }
            }
            if (running.isEmpty()) {
                boolean unknown = !x.shellOk();
                op.note(null, unknown ? "no reachable node holds the app VIP: no application service to stop"
                        : "no node holds the app VIP: no application service to stop");
            }
            return running;
        }

        private void stopServices(Map<NodeView, List<String>> running) {
            running.forEach((n, names) -> {
                if (names.isEmpty()) {
                    op.note(n.name(), "no application service running (it holds the app VIP): none to stop or restart");
                    return;
                }
                changes.onRollback(n.name(), null, () -> startServices(n, names));
                services.stopAll(op, n.node(), services.select(names));
            });
        }

        private void startServices(Map<NodeView, List<String>> running) {
            running.forEach((n, names) -> {
                try {
                    startServices(n, names);
                } catch (StepFailed e) {
                    changes.failedAfterCommit(n.name() + ": starting the services: " + e.getMessage()
                            + " (start them: hactl start)");
                }
            });
        }

        private void startServices(NodeView n, List<String> names) {
            if (names.isEmpty()) {
                return;
            }
            List<ServiceConfig> list = services.select(names);
            if (op.dryRun()) {
                list.forEach(s -> op.step(n.name(), "start " + s.name(), () -> null));
                return;
            }
            services.startAll(op, n.node(), list);
        }

        private String servicesWords(Map<NodeView, List<String>> running) {
            List<String> parts = new ArrayList<>();
            running.forEach((n, names) -> {
                if (!names.isEmpty()) {
                    parts.add(String.join(", ", names) + " on " + n.name());
                }
            });
            return parts.isEmpty() ? "" : "; services restarted: " + String.join("; ", parts);
        }

        // -------------------------------------------------------------- plumbing

        /** A step after the commit point: a failure is recorded, not thrown. True when it succeeded. */
        private boolean afterCommit(String node, String description, Operation.Action action) {
            return changes.afterCommit(node, description, action);
        }

        private int finish(String summary) {
            List<String> failures = changes.afterCommitFailures();
            if (!failures.isEmpty()) {
                op.fail(summary + "; BUT: " + String.join("; ", failures) + ". Look at the pair: hactl check");
                return 1;
            }
            op.succeed(op.dryRun() ? "The plan: " + plan.summary() + "." : summary + ".");
            return 0;
        }

        private void rememberBoth() {
            if (op.dryRun()) {
                return;
            }
            Map<String, GtidMemory.Seen> seen = new LinkedHashMap<>();
            Instant now = Instant.now();
            DbState ts = safeState(ta);
            DbState xs = safeState(xa);
            if (ts != null) {
                seen.put(t.name(), GtidMemory.Seen.of(ts, now, NAME));
            }
            if (xs != null) {
                seen.put(x.name(), GtidMemory.Seen.of(xs, now, NAME));
            }
            observer.rememberStates(NAME, seen);
        }

        private void readOnlyConfigNote() {
            if (t.db().readOnlyFromOptionFile()) {
                op.note(t.name(), "its my.cnf sets read_only=ON: if its MySQL restarts it comes back read-only (hactl"
                        + " check: MASTER_READ_ONLY); then run hactl db-master-set --node " + t.name()
                        + " again. hactl does not edit my.cnf");
            }
        }

        private String resetWord() {
            return ta.flavor() == Flavor.MYSQL ? "RESET REPLICA ALL" : "RESET SLAVE ALL";
        }
    }

    /** How long FLUSH TABLES WITH READ LOCK waits for running writes: every writer waits that long too. */
    static Duration lockWait(SwitchPlanner.Options opt) {
        return Duration.ofSeconds(Math.max(1, Math.min(5, opt.timeout().toSeconds())));
    }

    private ReplicationSource source(NodeConfig master) {
        return ReplicationSource.of(cfg, master);
    }

    /** The result of a step's work started earlier; what it threw, thrown here (the step fails with it). */
    private static <T> T joined(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private static DbState safeState(DbAdmin a) {
        if (a == null) {
            return null;
        }
        try {
            return a.state();
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String killed(List<ClientSession> sessions) {
        if (sessions.isEmpty()) {
            return "none open";
        }
        List<String> shown = sessions.stream().limit(5).map(ClientSession::toString).toList();
        return "ended " + sessions.size() + ": " + String.join(", ", shown) + (sessions.size() > 5 ? ", ..." : "");
    }

    static String shown(String position) {
        return position == null || position.isEmpty() ? "(none)" : position;
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailed("interrupted");
        }
    }
}
