package io.hactl.control;

import io.hactl.coordination.Epoch;
import io.hactl.coordination.NodeEpochGuard;
import io.hactl.coordination.SharedState;
import io.hactl.coordination.StaleEpoch;
import io.hactl.coordination.StepPermission;
import io.hactl.node.CommandResult;
import io.hactl.node.GuardedShell;
import io.hactl.node.NodeShell;
import io.hactl.ops.StepWatch;
import io.hactl.pair.Refused;
import io.hactl.pair.StepFailed;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The epoch around one operation the controller runs (issue 16, "Fencing token"). Before each step
 * it asks the {@link StepGate} again, at the moment the step starts, and the step carries the
 * epoch granted then: every command to a node starts with {@link NodeEpochGuard}'s check, and a
 * change made through the database (read_only, CHANGE MASTER, killing sessions) is preceded by the
 * same check run alone on that node over SSH ({@link #checkNode}). With coordination, the operation
 * and each step's intent and result go to ZooKeeper ({@link SharedState}) under that epoch.
 *
 * <p>The first refusal (the gate, a node that has seen a newer epoch, a write refused as stale)
 * makes this controller deposed for the rest of the operation: the sentence ("deposed: ...") ends
 * the step and the operation in the transition log, and nothing more runs: no step, no command, no
 * database change. Without coordination (the gate grants no epoch) commands and database calls go
 * out as they are, byte for byte; only the gate is asked before each step.
 *
 * <p>Used by the operations thread; the database changes of one step may come from another thread,
 * hence the synchronisation.
 */
final class EpochSteps implements StepWatch, GuardedShell.Guard {

    /** How long the check before a database change may take: a connection, and the guard's lock wait. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(20);
    private static final String NODE_REFUSAL = "hactl: refused on ";
    private static final Pattern SEEN = Pattern.compile("this node has seen epoch (\\d+)");

    private final StepGate gate;
    private final Function<String, String> epochDirectory;
    private final Function<String, NodeShell> shells;
    private final String operationId;
    private Epoch epoch;
    private boolean coordinated;
    private boolean recorded;
    private String deposed;
    private int steps;
    private final Set<String> checked = new HashSet<>();

    /**
     * @param gate           asked before the operation and before each step
     * @param epochDirectory where the epoch file is on each node (by its name): controller.coordination.epoch_directory, else the state directory
     * @param shells         each node's own shell (unguarded) by name, for the check before a database change
     * @param operationId    the operation's id in ZooKeeper
     */
    EpochSteps(StepGate gate, Function<String, String> epochDirectory, Function<String, NodeShell> shells,
               String operationId) {
        this.gate = gate;
        this.epochDirectory = epochDirectory;
        this.shells = shells;
        this.operationId = operationId;
    }

    // ------------------------------------------------------------------ the operation

    /**
     * Before the operation: the gate, then (with coordination) the operation's record in ZooKeeper.
     *
     * @return why it must not start (nothing ran), or null
     */
    synchronized String begin(String name, String proposalId) {
        StepPermission p = gate.permit();
        if (!p.granted()) {
            return p.refusal();
        }
        epoch = p.epoch();
        coordinated = epoch != null;
        SharedState shared = gate.sharedState();
        if (!coordinated || shared == null) {
            return null;
        }
        try {
            shared.startOperation(epoch, operationId, name, proposalId);
            recorded = true;
            return null;
        } catch (StaleEpoch e) {
            return depose("deposed: " + e.getMessage());
        } catch (Refused e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            return "could not record operation " + operationId + " in ZooKeeper (" + e.getMessage() + "); not starting"
                    + " it: a new leader would not know how far it got";
        }
    }

    /** After the operation: its end in ZooKeeper (DONE or FAILED); a stale epoch leaves it for the new leader. */
    synchronized void finish(boolean ok, String outcome) {
        SharedState shared = gate.sharedState();
        if (!recorded || shared == null) {
            return;
        }
        try {
            shared.finishOperation(epoch, operationId, ok, outcome);
        } catch (RuntimeException e) {
            // deposed or ZooKeeper gone: the record stays RUNNING, the next leader reports it INTERRUPTED
            if (deposed == null) {
                deposed = "deposed: could not record the end of operation " + operationId + " (" + e.getMessage() + ")";
            }
        }
    }

    /** Whether the operation's steps carry an epoch (coordination on). */
    synchronized boolean coordinated() {
        return coordinated;
    }

    @Override
    public String stopped() {
        return deposed();
    }

    /**
     * Steps may run at once (issue 20) only without coordination: with it, each step's intent and result go to
     * ZooKeeper under its number, one step at a time; without it nothing is recorded per step.
     */
    @Override
    public synchronized boolean concurrentSteps() {
        return !coordinated;
    }

    /** The sentence that stopped the operation, or null while it was not stopped. */
    synchronized String deposed() {
        return deposed;
    }

    // ------------------------------------------------------------------ each step

    @Override
    public synchronized String before(String node, String description) {
        if (deposed != null) {
            return deposed;
        }
        int number = steps + 1;
        String step = stepName(number, node, description);
        StepPermission p = gate.permit();
        if (!p.granted()) {
            return depose("deposed: " + step + " not started: " + p.refusal());
        }
        if (coordinated) {
            epoch = p.epoch();
        }
        steps = number;
        checked.clear();
        SharedState shared = gate.sharedState();
        if (recorded && shared != null) {
            try {
                shared.stepIntent(epoch, operationId, number, describe(node, description));
            } catch (RuntimeException e) {
                return depose("deposed: " + step + " not started: its intent could not be written to ZooKeeper ("
                        + e.getMessage() + ")");
            }
        }
        return null;
    }

    @Override
    public synchronized void after(String node, String description, boolean ok, String detail) {
        SharedState shared = gate.sharedState();
        if (!recorded || shared == null) {
            return;
        }
        try {
            shared.stepResult(epoch, operationId, steps, ok, detail == null ? (ok ? "ok" : "failed") : detail);
        } catch (RuntimeException e) {
            depose("deposed: the result of " + stepName(steps, node, description) + " could not be written to ZooKeeper ("
                    + e.getMessage() + "); nothing more runs");
        }
    }

    // ------------------------------------------------------------------ the commands to the nodes

    @Override
    public synchronized Optional<CommandResult> refuse(String node, String command) {
        return deposed == null ? Optional.empty()
                : Optional.of(new CommandResult(node, command, NodeEpochGuard.REFUSED_EXIT, "", deposed, Duration.ZERO));
    }

    @Override
    public synchronized String wrap(String node, String command) {
        return coordinated ? new NodeEpochGuard(epochDirectory.apply(node), node).wrap(epoch.number(), command) : command;
    }

    @Override
    public synchronized void seen(CommandResult r) {
        if (!coordinated || r.exit() != NodeEpochGuard.REFUSED_EXIT || r.err() == null
                || !r.err().contains(NODE_REFUSAL)) {
            return;
        }
        Matcher m = SEEN.matcher(r.err());
        if (m.find()) {
            long seen = Long.parseLong(m.group(1));
            String sentence = depose("deposed: node " + r.node() + " has seen epoch " + seen + "; this controller (epoch "
                    + epoch.number() + ") changes nothing and follows");
            gate.deposed(seen, sentence);
        } else {
            // the guard itself could not decide (its lock, its file): nothing ran there, nothing more runs here
            depose("deposed: " + r.err().strip() + " (node " + r.node() + "); nothing more runs");
        }
    }

    /**
     * Before a change through the database on {@code node}: the guard's check-and-record alone on the
     * node over SSH, once per step and node. Refused (a newer epoch there): the change does not run.
     * A node whose SSH does not answer is not checked: the gate asked ZooKeeper when the step started.
     *
     * @throws StepFailed "deposed: ..." when this controller must change nothing
     */
    void checkNode(String node) {
        synchronized (this) {
            if (deposed != null) {
                throw new StepFailed(deposed);
            }
            if (!coordinated || checked.contains(node)) {
                return;
            }
        }
        CommandResult r = shells.apply(node).run(wrap(node, ":"), CHECK_TIMEOUT);
        seen(new CommandResult(r.node(), ":", r.exit(), r.out(), r.err(), r.elapsed()));
        synchronized (this) {
            if (deposed != null) {
                throw new StepFailed(deposed);
            }
            checked.add(node);
        }
    }

    private String depose(String sentence) {
        if (deposed == null) {
            deposed = sentence;
        }
        return deposed;
    }

    private static String describe(String node, String description) {
        return node == null ? description : description + " (" + node + ")";
    }

    private static String stepName(int number, String node, String description) {
        return "step " + number + " (" + describe(node, description) + ")";
    }
}
