package io.hactl.ops.app;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.db.DbAdmin;
import io.hactl.node.NodeShell;
import io.hactl.ops.OperationRunner;
import io.hactl.ops.ProbePause;
import io.hactl.ops.db.Failover;
import io.hactl.ops.db.Fencing;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The node that held the DB master and the active application is lost: one acknowledgement runs
 * both halves, in this order, as one operation ({@value #NAME}) framing two: the failover's
 * promotion of the survivor ({@link Failover}: every refusing check first, the DB VIP moved, the
 * lost node fenced where it can be reached, its fencing result kept), then {@link AppMasterSet}
 * on the survivor (app VIP moved, services started; the lost node taken over only when nothing of
 * it answers). The application moves only when the database was promoted: a refused or failed
 * promotion leaves it where it is, and the result says so.
 */
public final class NodeFailover {

    public static final String NAME = "node-failover";

    /** The database half: {@link Failover#promote}. */
    @FunctionalInterface
    interface Promotion {
        Failover.Result promote(OperationRunner runner, NodeConfig survivor, String risk);
    }

    /**
     * The application half: {@link AppMasterSet#run}; 0 done, 1 failed, 2 refused. {@code lostUnreachable}: why the
     * database half could not reach the lost node (null: it could), not asked again.
     */
    @FunctionalInterface
    interface AppMove {
        int move(OperationRunner runner, NodeConfig survivor, String lostUnreachable);
    }

    /**
     * @param exit     0 done, 1 a step failed, 2 refused (nothing changed), as the CLI's
     * @param fencing  what the promotion did to the lost node; null when it did not promote
     * @param promoted whether the survivor was made the DB master (also when a later step failed)
     * @param summary  what was done, in a sentence
     */
    public record Result(int exit, Fencing fencing, boolean promoted, String summary) {
    }

    private final HactlConfig cfg;
    private final Promotion promotion;
    private final AppMove appMove;

    public NodeFailover(HactlConfig cfg, Function<NodeConfig, NodeShell> shells, Function<NodeConfig, DbAdmin> connector) {
        this(cfg, shells, connector, ProbePause.NONE);
    }

    /** With the controller's probe cycles held back during the database's promotion ({@link ProbePause}). */
    public NodeFailover(HactlConfig cfg, Function<NodeConfig, NodeShell> shells, Function<NodeConfig, DbAdmin> connector,
                        ProbePause pause) {
        this(cfg, new Failover(cfg, shells, connector, pause)::promote,
                (runner, node, lostUnreachable) -> new AppMasterSet(cfg, shells).run(runner, node, false,
                        lostUnreachable));
    }

    NodeFailover(HactlConfig cfg, Promotion promotion, AppMove appMove) {
        this.cfg = cfg;
        this.promotion = promotion;
        this.appMove = appMove;
    }

    /** Promotes {@code survivor}, then makes it the active application server; {@code risk}: the proposal's. */
    public Result run(OperationRunner runner, NodeConfig survivor, String risk) {
        NodeConfig lost = cfg.peerOf(survivor);
        String s = survivor.name();
        AtomicReference<Failover.Result> db = new AtomicReference<>();
        AtomicReference<String> summary = new AtomicReference<>();
        int exit = runner.run(NAME, lost.name() + " lost: promote " + s + " to DB master, then move the application to "
                + s, op -> {
            op.note(null, "1. promote " + s + " (failover): the DB VIP moves to it; " + lost.name()
                    + " is fenced where it can be reached");
            op.note(null, "2. move the application to " + s + " (master-set): the app VIP, then the services");
            Failover.Result f = promotion.promote(runner, survivor, risk);
            db.set(f);
            if (f.exit() == 2) {
                summary.set("the database failover was refused (see the failover above): the application was not moved");
                throw op.refuse(summary.get(), "fix what the failover's refusal names, then acknowledge again; by"
                        + " hand: hactl db-master-set --node " + s + ", then hactl master-set --node " + s);
            }
            if (f.fencing() == null) {
                summary.set("the database failover failed (see the failover above): the application was not moved");
                op.fail(summary.get() + "; look at the pair (hactl check) before anything else");
                return 1;
            }
            String dbDone = s + " is the DB master (" + f.fencing().words() + ")"
                    + (f.splitBrain() != null ? ", but SPLIT BRAIN: " + f.splitBrain()
                    : f.exit() == 0 ? "" : ", but the failover ended with errors (see above)");
            int app = appMove.move(runner, survivor, f.fencing().unreachable());
            if (app != 0) {
                summary.set(dbDone + "; moving the application to " + s + (app == 2 ? " was refused" : " failed")
                        + " (see master-set above): fix what it names, then run hactl master-set --node " + s);
                op.fail(summary.get());
                return 1;
            }
            if (f.exit() != 0) {
                summary.set(dbDone + "; the application moved to " + s + "; look at the pair: hactl check");
                op.fail(summary.get());
                return 1;
            }
            summary.set(s + " is the DB master and the active application server; " + f.fencing().words());
            op.succeed(summary.get());
            return 0;
        });
        Failover.Result f = db.get();
        String words = summary.get() != null ? summary.get()
                : exit == 2 ? "refused (see the transition log)" : "failed (see the transition log)";
        return new Result(exit, f == null ? null : f.fencing(), f != null && f.fencing() != null, words);
    }
}
