package io.hactl.ops.db;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.db.DbAdmin;
import io.hactl.db.DbState;
import io.hactl.db.GtidMemory;
import io.hactl.node.NodeShell;
import io.hactl.ops.Operation;
import io.hactl.ops.OperationRunner;
import io.hactl.ops.ProbePause;
import io.hactl.ops.ResetRule;
import io.hactl.pair.Refused;
import io.hactl.pair.StepFailed;
import io.hactl.ops.VipManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The failover an operator acknowledged: the master is down, its replica becomes the master,
 * stand-alone. Both nodes are read, every check that can refuse runs before the first change
 * ({@link PromotionCheck}), then the one {@link Promotion} runs: the old master's writes blocked
 * where its database answers; the replica's relay log applied (its SQL thread started when the
 * plan says so); the old master's binary log read where its host answers and what the replica
 * lacks applied; the replica made the master; the DB VIP moved. A step that fails before the
 * commit point is rolled back: the pair is as it was. The data-loss estimate of the proposal is
 * written as a note. Promote, then verify (issue 20): who answers ARP for the DB VIP is asked
 * before the first change only when the old master's shell does not answer (else the VIP is
 * removed there); the check that only the new master answers runs after the commit point, and
 * another MAC answering then is a split brain ({@link Result#splitBrain}). The result says what was really done to the old master ({@link Fencing}).
 */
public final class Failover {

    public static final String NAME = "failover";
    private static final Duration RELAY_WAIT = Duration.ofSeconds(10);

    /**
     * The exit code as the CLI's (0 done, 1 a step failed, 2 refused) and what became of the old master.
     *
     * @param promoted   the commit point was passed: the target is the master (writable, the DB VIP), whatever
     *                   failed after it
     * @param splitBrain null; else what the check after the commit point saw: another MAC still answers for the
     *                   DB VIP (issue 20: handled as a split brain)
     */
    public record Result(int exit, Fencing fencing, boolean promoted, String splitBrain) {

        public Result(int exit, Fencing fencing) {
            this(exit, fencing, false, null);
        }
    }

    private final HactlConfig cfg;
    private final VipManager vips;
    private final Function<NodeConfig, NodeShell> shells;
    private final Function<NodeConfig, DbAdmin> connector;
    private final GtidMemory memory;
    private final ProbePause pause;

    public Failover(HactlConfig cfg, Function<NodeConfig, NodeShell> shells, Function<NodeConfig, DbAdmin> connector) {
        this(cfg, shells, connector, ProbePause.NONE);
    }

    /** With the controller's probe cycles held back from the start to the commit point ({@link ProbePause}). */
    public Failover(HactlConfig cfg, Function<NodeConfig, NodeShell> shells, Function<NodeConfig, DbAdmin> connector,
                    ProbePause pause) {
        this.cfg = cfg;
        this.shells = shells;
        this.vips = new VipManager(shells, cfg.probe().arpTimeout());
        this.connector = connector;
        this.memory = GtidMemory.of(cfg);
        this.pause = pause;
    }

    /** Returns 0 done, 1 a step failed, 2 refused. */
    public int run(OperationRunner runner, NodeConfig target, String risk) {
        return promote(runner, target, risk).exit();
    }

    /** Runs the failover; the result says what was done to the old master (null fencing: refused, nothing done). */
    public Result promote(OperationRunner runner, NodeConfig target, String risk) {
        NodeConfig old = cfg.peerOf(target);
        PairObserver observer = new PairObserver(cfg, vips, memory);
        // where the old master's binary log is, as hactl last read it: the salvage's look-up is prepared there
        String index = memory.last(old.name()).map(GtidMemory.Seen::binlogBasename)
                .filter(b -> b != null && !b.isBlank()).map(b -> b + ".index").orElse(null);
        try (ProbePause.Held held = ProbePause.once(pause.hold(ProbePause.AT_MOST));
             Connections db = new Connections(connector);
             Operation op = runner.begin(NAME, "promote " + target.name() + " to master (" + old.name() + " is down)");
             PreparedCommand add = PreparedCommand.start(shells.apply(target), target,
                     VipManager.preparedAdd(target, cfg.dbVip()).before(),
                     VipManager.preparedAdd(target, cfg.dbVip()).after());
             PreparedCommand del = PreparedCommand.start(shells.apply(old), old, VipManager.removeCommand(old,
                     cfg.dbVip()));
             PreparedCommand reset = PreparedCommand.start(shells.apply(old), old, ResetRule.setCommand(cfg.dbVip(),
                     cfg.database().port()));
             PreparedCommand lastFile = index == null ? null : PreparedCommand.start(shells.apply(old), old,
                     BinlogSalvage.lastFileCommand(index))) {
            op.note(null, "data loss estimate: " + (risk == null ? "unknown" : risk));
            Changes changes = new Changes(op);
            // issue 20: with the old master's database down, the new master stops receiving while the read still
            // waits on the old master (a semi-sync receiver's stop tries it first: up to 1 s on a lost node)
            ReceiverStop receiver = new ReceiverStop(op, changes, target, old);
            Observation o = observer.observe(target, old, db, NAME, true, receiver);
            op.note(null, "read both nodes: " + observer.timing());
            PromotionCheck.Decision d = PromotionCheck.decide(o, "the acknowledgement", false);
            if (d.refused()) {
                List<String> failed = changes.rollback();
                throw op.refuse(d.refusal() + (failed.isEmpty() ? "" : "; ROLLBACK INCOMPLETE: " + String.join("; ",
                        failed)), d.fix() == null ? "hactl check shows what is wrong" : d.fix());
            }
            d.notes().forEach(n -> op.note(null, n));
            DbAdmin ta = db.get(target);
            DbAdmin xa = o.other().dbUp() ? db.get(old) : null;
            Promotion p = new Promotion(cfg, vips, shells, op, changes, o, ta, xa, RELAY_WAIT,
                    () -> add.fire(r -> VipManager.addAndAnnounceResult(r, cfg.dbVip(), target),
                            () -> vips.addAndAnnounce(target, cfg.dbVip())));
            int port = cfg.database().port();
            p.resetWith(() -> reset.fire(r -> ResetRule.detail(r, old, cfg.dbVip(), port),
                    () -> new ResetRule(shells).set(old, cfg.dbVip(), port)));
            if (lastFile != null) {
                p.lastFileWith(i -> i.equals(index) ? lastFile.fireResult().map(r -> r.out()).orElse(null) : null);
            }
            if (receiver.stopped()) {
                p.receivingStopped();
            }
            p.removeOldVipWith(() -> del.fire(r -> r.out().strip(), () -> vips.remove(old, cfg.dbVip())));
            try {
                p.toCommitPoint(d, false);
                changes.commit();
                held.close();
            } catch (StepFailed e) {
                List<String> failed = changes.rollback();
                op.fail(e.getMessage() + (failed.isEmpty()
                        ? "; rolled back: nothing changed on " + old.name() + " (" + (o.other().dbUp()
                          ? "the master again, writable, DB VIP" : "as before") + "), " + target.name()
                          + " read-only as before. Fix what the failed step names, then acknowledge again"
                        : "; ROLLBACK INCOMPLETE: " + String.join("; ", failed) + ". Look at the pair: hactl check"));
                return new Result(1, null);
            }
            p.repeatAnnounce();
            p.afterCommit();
            remember(observer, target, ta);
            Fencing f = p.fencing();
            String summary = target.name() + " is the master, STANDALONE (" + f.words() + ")"
                    + (p.salvaged() == null ? "" : "; " + old.name() + "'s binary log: " + p.salvaged())
                    + "; rebuild or re-join " + old.name() + " when it is back";
            List<String> failures = changes.afterCommitFailures();
            if (!failures.isEmpty()) {
                op.fail(summary + "; BUT: " + String.join("; ", failures) + ". Look at the pair: hactl check");
                return new Result(1, f, true, p.splitBrain());
            }
            op.succeed(summary);
            return new Result(0, f, true, null);
        } catch (Refused r) {
            return new Result(2, null);
        } catch (StepFailed e) {
            return new Result(1, null);
        }
    }

    private static void remember(PairObserver observer, NodeConfig target, DbAdmin ta) {
        try {
            DbState s = ta.state();
            observer.rememberStates(NAME, Map.of(target.name(), GtidMemory.Seen.of(s, Instant.now(), NAME)));
        } catch (RuntimeException e) {
            // the memory is an aid; the failover is done
        }
    }
}
