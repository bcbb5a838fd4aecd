package io.hactl.control;

import io.hactl.config.CoordinationSettings;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.db.DbAdmin;
import io.hactl.log.TransitionLog;
import io.hactl.node.GuardedShell;
import io.hactl.node.NodeShell;
import io.hactl.ops.OperationRunner;
import io.hactl.ops.ProbePause;
import io.hactl.ops.app.AppMasterSet;
import io.hactl.ops.app.AppMasterUnset;
import io.hactl.ops.app.NodeFailover;
import io.hactl.ops.app.ServicesStart;
import io.hactl.ops.db.DbMasterSet;
import io.hactl.db.GtidMemory;
import io.hactl.ops.db.Failover;
import io.hactl.ops.db.Fence;
import io.hactl.ops.db.Fencing;
import io.hactl.ops.db.Resync;
import io.hactl.ops.db.SwitchPlanner;
import io.hactl.state.Proposal;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Function;

/**
 * Runs the operation of an acknowledged proposal: the same operations as the CLI's commands
 * (one implementation of each thing, two ways to start it), into the same transition log.
 */
final class ProposalRunner implements ControlLoop.Operations {

    /**
     * Exit code as the CLI's (0 done, 1 failed, 2 refused) and a summary; {@code fencing}: what a
     * failover or a fence really did to the old master (null: not such an operation, or nothing done);
     * {@code promoted}: a FAILOVER or NODE_FAILOVER made its node the DB master (for a NODE_FAILOVER
     * also when the application's move failed after it).
     */
    record Result(int exit, String summary, Fencing fencing, boolean promoted) {
        Result(int exit, String summary) {
            this(exit, summary, null, false);
        }

        Result(int exit, String summary, Fencing fencing) {
            this(exit, summary, fencing, false);
        }
    }

    private static final Duration CATCH_UP = Duration.ofSeconds(10);

    private final HactlConfig cfg;
    private final TransitionLog log;
    private final PrintWriter out;
    private final Function<NodeConfig, NodeShell> shells;
    private final Function<NodeConfig, DbAdmin> connector;
    private final StepGate gate;
    private final ProbePause pause;
    private final SecureRandom random = new SecureRandom();

    ProposalRunner(HactlConfig cfg, TransitionLog log, PrintWriter out, Function<NodeConfig, NodeShell> shells,
                   Function<NodeConfig, DbAdmin> connector) {
        this(cfg, log, out, shells, connector, StepGate.OPEN);
    }

    /** With {@code gate} asked before each step, whose epoch each step carries to the nodes (issue 16). */
    ProposalRunner(HactlConfig cfg, TransitionLog log, PrintWriter out, Function<NodeConfig, NodeShell> shells,
                   Function<NodeConfig, DbAdmin> connector, StepGate gate) {
        this(cfg, log, out, shells, connector, gate, ProbePause.NONE);
    }

    /** With the probe cycles held back during a failover's critical path ({@link ProbePause}, issue 20). */
    ProposalRunner(HactlConfig cfg, TransitionLog log, PrintWriter out, Function<NodeConfig, NodeShell> shells,
                   Function<NodeConfig, DbAdmin> connector, StepGate gate, ProbePause pause) {
        this.pause = pause;
        this.cfg = cfg;
        this.log = log;
        this.out = out;
        this.shells = shells;
        this.connector = connector;
        this.gate = gate;
    }

    /** The steps of one operation, run with the runner, shells and databases {@link #watched} gives them. */
    @FunctionalInterface
    interface Body {
        Result run(OperationRunner runner, Function<NodeConfig, NodeShell> shells, Function<NodeConfig, DbAdmin> connector);
    }

    /**
     * Runs {@code body} as one operation under the gate ({@link EpochSteps}): asked before it and before
     * each of its steps; with coordination, every command carries the epoch, every database change is
     * checked on its node first, and the operation's record goes to ZooKeeper. A refusal before it
     * starts changes nothing (exit 2); one later ends it there ("deposed: ...", exit 1).
     */
    Result watched(String name, String proposalId, String who, String why, Body body) {
        String state = cfg.stateDirectory().toString();
        CoordinationSettings c = cfg.controller().coordination();
        EpochSteps steps = new EpochSteps(gate, n -> c == null ? state : c.epochDirectory(n, state), n -> shells.apply(node(n)),
                "o-" + HexFormat.of().formatHex(bytes()));
        String refused = steps.begin(name, proposalId);
        if (refused != null) {
            OperationRunner runner = new OperationRunner(log, out, cfg.clusterName(), who, why, false);
            runner.refusedBeforeStart(name, refused, "hactl status shows who leads and why this controller did not start it");
            return new Result(2, "refused: " + refused);
        }
        OperationRunner runner = new OperationRunner(log, out, cfg.clusterName(), who, why, false, steps);
        Function<NodeConfig, NodeShell> sh = shells;
        Function<NodeConfig, DbAdmin> db = connector;
        if (steps.coordinated()) {
            sh = n -> new GuardedShell(shells.apply(n), steps);
            db = n -> new GuardedDbAdmin(connector.apply(n), steps);
        }
        Result r;
        try {
            r = body.run(runner, sh, db);
        } catch (RuntimeException e) {
            steps.finish(false, "failed: " + e.getMessage());
            throw e;
        }
        String deposed = steps.deposed();
        if (deposed != null) {
            r = new Result(r.exit() == 0 ? 1 : r.exit(), deposed, r.fencing(), r.promoted());
        }
        steps.finish(deposed == null && r.exit() == 0, r.summary());
        return r;
    }

    private byte[] bytes() {
        byte[] b = new byte[3];
        random.nextBytes(b);
        return b;
    }

    @Override
    public Result run(Proposal p, String who, String comment) {
        return watched(p.kind().name().toLowerCase(Locale.ROOT), p.id(), who, "proposal " + p.id() + " acknowledged"
                + (comment == null || comment.isBlank() ? "" : ": " + comment), (runner, shells, connector) ->
                run(p, runner, shells, connector));
    }

    private Result run(Proposal p, OperationRunner runner, Function<NodeConfig, NodeShell> shells,
                       Function<NodeConfig, DbAdmin> connector) {
        NodeConfig node = node(p.node());
        Fencing fencing = null;
        int exit;
        boolean promoted = false;
        String splitBrain = null;
        if (p.promotes() && p.master() != null && gate.coordinated()) {
            int lease = awaitLease(runner, p.master());
            if (lease != 0) {
                return new Result(lease, words(lease));
            }
        }
        switch (p.kind()) {
            case FAILOVER -> {
                Failover.Result r = new Failover(cfg, shells, connector, pause).promote(runner, node, p.risk());
                exit = r.exit();
                fencing = r.fencing();
                // past the commit point the target is the master, whatever failed after it (issue 20)
                promoted = r.promoted();
                splitBrain = r.splitBrain();
            }
            case NODE_FAILOVER -> {
                NodeFailover.Result r = new NodeFailover(cfg, shells, connector, pause).run(runner, node, p.risk());
                return new Result(r.exit(), words(r.exit()) + ": " + r.summary(), r.fencing(), r.promoted());
            }
            case DETACH_VIP -> {
                Fence.Result r = new Fence(cfg, shells, connector).fence(runner, node, node(p.master()));
                exit = r.exit();
                fencing = r.fencing();
            }
            case REJOIN -> exit = new DbMasterSet(cfg, shells, connector).run(runner, node(p.master()),
                    new SwitchPlanner.Options(false, false, CATCH_UP));
            case RESYNC -> exit = new Resync(cfg, shells, connector).run(runner, node, node(p.master()));
            case RESTART_SERVICES -> exit = new ServicesStart(cfg, shells).run(runner, node, cfg.services());
            // the takes-control-anyway rule (the other node unreachable: only if nobody answers ARP) is master-set's
            case MOVE_APP, ATTACH_APP_VIP -> exit = new AppMasterSet(cfg, shells).run(runner, node, false);
            case DETACH_APP_VIP -> exit = new AppMasterUnset(cfg, shells).run(runner, node,
                    p.master() == null ? null : node(p.master()));
            default -> throw new IllegalStateException("unknown proposal kind " + p.kind());
        }
        if (splitBrain != null) {
            return new Result(exit, "promoted, but SPLIT BRAIN: " + splitBrain, fencing, promoted);
        }
        return new Result(exit, words(exit) + (exit == 0 && fencing != null ? ": " + fencing.words() : ""), fencing,
                promoted);
    }

    /**
     * With coordination, a failover's first step: the old master's lease ends (its controller, cut off,
     * has fenced it) before the promotion (issue 13 row 6). A step of its own in the log, asked of the
     * gate like every step.
     */
    private int awaitLease(OperationRunner runner, String master) {
        return runner.run("lease", "wait for " + master + "'s lease to end before the promotion", op -> {
            op.step(master, "wait until " + master + "'s controller has left the election and its self-fence had"
                    + " its time", () -> gate.awaitLease(master));
            op.succeed(master + "'s lease is over");
            return 0;
        });
    }

    private static String words(int exit) {
        return switch (exit) {
            case 0 -> "done";
            case 2 -> "refused (see the transition log)";
            default -> "failed (see the transition log)";
        };
    }

    /**
     * An old master that an acknowledged failover could not fence answers again: fenced now, as
     * part of that acknowledgement (logged with its proposal id and who acknowledged it), without a
     * second ack. After a NODE_FAILOVER the lost node also held the application: its services are
     * stopped and the app VIP detached there (master-unset), the survivor keeping it.
     */
    @Override
    public Result fenceReturned(Proposal failover, String who, String comment) {
        return watched("fence", failover.id(), who, "proposal " + failover.id() + " acknowledged"
                + (comment == null || comment.isBlank() ? "" : ": " + comment) + "; " + failover.master()
                + " answers again after that failover: fenced under the same acknowledgement, no second ack",
                (runner, shells, connector) -> fenceReturned(failover, runner, shells, connector));
    }

    private Result fenceReturned(Proposal failover, OperationRunner runner, Function<NodeConfig, NodeShell> shells,
                                 Function<NodeConfig, DbAdmin> connector) {
        NodeConfig old = node(failover.master());
        NodeConfig survivor = node(failover.node());
        Fence.Result r = new Fence(cfg, shells, connector).fence(runner, old, survivor);
        String words = words(r.exit()) + ": " + r.fencing().words();
        if (failover.kind() == Proposal.Kind.NODE_FAILOVER) {
            int app = new AppMasterUnset(cfg, shells).run(runner, old, survivor);
            words += app == 0 ? "; its application stopped and the app VIP detached there"
                    : "; stopping its application or detaching the app VIP there " + words(app);
        }
        return new Result(r.exit(), words, r.fencing());
    }

    /**
     * Reads each node's database once (at the controller's start) and remembers where its binary
     * log is: a failover later reads a dead master's binlog from there ({@link GtidMemory}).
     */
    @Override
    public void rememberNodes() {
        GtidMemory memory = GtidMemory.of(cfg);
        for (NodeConfig n : cfg.nodes()) {
            try (DbAdmin a = connector.apply(n)) {
                memory.record(n.name(), GtidMemory.Seen.of(a.state(), java.time.Instant.now(), "controller"));
            } catch (RuntimeException e) {
                // a node whose database does not answer now: the last db command's record stands
            }
        }
    }

    /** A planned switchover requested through the API: db-master-set --node N. */
    @Override
    public Result switchover(NodeConfig node, String who, String reason) {
        return watched("switchover", null, who, reason == null || reason.isBlank()
                ? "switchover requested through the API" : reason, (runner, shells, connector) -> {
                    int exit = new DbMasterSet(cfg, shells, connector, pause).run(runner, node, new SwitchPlanner.Options(false,
                            false, CATCH_UP));
                    return new Result(exit, exit == 0 ? "done" : "exit " + exit);
                });
    }

    private NodeConfig node(String name) {
        return cfg.node(name).orElseThrow(() -> new IllegalStateException("proposal names node " + name
                + ", which is not in " + cfg.source()));
    }
}
