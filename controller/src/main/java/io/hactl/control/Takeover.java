package io.hactl.control;

import io.hactl.coordination.InterruptedOperations.Interrupted;
import io.hactl.coordination.OperationRecord;
import io.hactl.log.StateEntry;
import io.hactl.log.TransitionEntry.Event;
import io.hactl.state.Assessment;
import io.hactl.state.Effect;
import io.hactl.state.Proposal;
import io.hactl.state.Supervisor;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A leader lost mid-operation (issue 16), as the next leader handles it on its owner thread. On
 * coming to lead it reads ZooKeeper's operation record ({@link OperationBook#takeOver()}): one left
 * RUNNING under an earlier epoch is marked INTERRUPTED there, and here it gets an INTERRUPTED line in
 * the transition log, the interrupted alert and a status line. The pair is then probed again: after
 * the first probe cycle that started after the takeover, each pending proposal, which is what that
 * assessment calls for (the rest of the operation, or a repair), carries where the operation stopped
 * in its evidence and risk, and waits for an acknowledgement like any other (also in automatic
 * mode). Nothing runs that nobody acknowledged; when the pair calls for nothing, the status line
 * says so, so nothing blocks silently.
 *
 * <p>A takeover that could not read ZooKeeper is tried again each cycle while this controller
 * leads with that epoch.
 */
final class Takeover {

    private final OperationBook book;
    private final Supervisor supervisor;
    private final EffectLog log;
    private final ControllerEvents events;
    private final Clock clock;
    private final String cluster;
    private final PrintWriter out;
    /** The epoch whose takeover ran; -1: none yet. */
    private long doneFor = -1;
    /** Found and reported; its proposal comes after the next probe cycle. */
    private Interrupted waiting;
    private long foundNanos;
    private String line;

    Takeover(OperationBook book, Supervisor supervisor, EffectLog log, ControllerEvents events, Clock clock,
             String cluster, PrintWriter out) {
        this.book = book;
        this.supervisor = supervisor;
        this.log = log;
        this.events = events;
        this.clock = clock;
        this.cluster = cluster;
        this.out = out;
    }

    /** The status line of the operation found interrupted by this leadership, or null. */
    String line() {
        return line;
    }

    /** On leading with {@code epoch}: once per epoch, what an earlier leader left RUNNING. */
    void takeOver(long epoch) {
        if (epoch == doneFor) {
            return;
        }
        Optional<Interrupted> found;
        try {
            found = book.takeOver();
        } catch (RuntimeException e) {
            say("could not read the operation record in ZooKeeper as the new leader (" + e.getMessage()
                    + "); trying again at the next probe cycle");
            return;
        }
        doneFor = epoch;
        if (found.isEmpty()) {
            return;
        }
        Interrupted i = found.get();
        waiting = i;
        foundNanos = System.nanoTime();
        line = i.sentence() + "; probing the pair again, then a proposal for what is next";
        Instant now = clock.instant();
        log.write(StateEntry.of(now, cluster, Event.INTERRUPTED, null, null, i.sentence(), evidence(i),
                ControlLoop.ACTOR, null));
        events.interrupted(i.sentence(), evidence(i), now);
        say(i.sentence());
    }

    /**
     * A leader's probe cycle, its probes started at {@code startedNanos}, with the effects the
     * supervisor decided: after a takeover, the first cycle probed after it gives the proposals for
     * what is next, with where the operation stopped; they are announced (again) with it.
     */
    List<Effect> afterCycle(List<Effect> fx, long startedNanos) {
        if (waiting == null || startedNanos - foundNanos < 0) {
            return fx;
        }
        Interrupted i = waiting;
        waiting = null;
        List<Proposal> changed = supervisor.afterInterrupted(evidence(i), risk(i));
        Map<String, Proposal> byId = changed.stream().collect(Collectors.toMap(Proposal::id, Function.identity()));
        List<Effect> all = new ArrayList<>();
        for (Effect e : fx) {
            if (e instanceof Effect.ProposalMade m && byId.containsKey(m.proposal().id())) {
                all.add(new Effect.ProposalMade(byId.remove(m.proposal().id())));
            } else {
                all.add(e);
            }
        }
        changed.stream().filter(p -> byId.containsKey(p.id())).forEach(p -> all.add(new Effect.ProposalMade(p)));
        String at = clock.instant().toString();
        line = i.sentence() + "; probed again at " + at + ": " + (changed.isEmpty()
                ? "no proposal, the pair calls for nothing to resume or repair (" + sentence() + ")"
                : changed.stream().map(p -> "proposal " + p.id() + " (" + p.action() + ")").collect(Collectors.joining(", "))
                + " waits for an acknowledgement (hactl ack ID or hactl reject ID)");
        say(line);
        return all;
    }

    private String sentence() {
        Assessment a = supervisor.last();
        return a == null ? "no assessment yet" : a.sentence();
    }

    /** Where the operation stopped, for the log, the alert and the proposal's evidence. */
    static List<String> evidence(Interrupted i) {
        OperationRecord op = i.operation();
        List<String> e = new ArrayList<>();
        e.add("interrupted operation: " + op.describe() + "; marked INTERRUPTED in epoch " + i.epoch());
        e.add("last finished step: " + op.lastFinished().map(s -> s.number() + " (" + s.name() + "): "
                + (Boolean.TRUE.equals(s.ok()) ? "ok" : "failed") + (s.result() == null ? "" : ", " + s.result()))
                .orElse("none"));
        OperationRecord.Step f = i.inFlight();
        e.add(f == null ? "step in flight: none" : "step in flight: " + f.number() + " (" + f.name() + "), started at "
                + f.intentAt() + " with no result: its effect is unknown");
        return e;
    }

    static String risk(Interrupted i) {
        OperationRecord op = i.operation();
        OperationRecord.Step f = i.inFlight();
        String what = op.name() + " " + op.id();
        return f != null ? "step " + f.number() + " (" + f.name() + ") of the interrupted " + what + " started with no"
                + " result: its effect is unknown; the operation reads the pair again before each change"
                : "the interrupted " + what + (i.afterStep() == 0 ? " stopped before its first step"
                : " stopped after step " + i.afterStep() + " (" + i.afterStepName() + ")");
    }

    private void say(String s) {
        out.println("hactl controller: " + s);
        out.flush();
    }
}
