package io.hactl.control;

import io.hactl.log.ProposalEntry;
import io.hactl.log.StateEntry;
import io.hactl.log.TransitionEntry;
import io.hactl.log.TransitionEntry.Event;
import io.hactl.log.TransitionLog;
import io.hactl.state.ClusterState;
import io.hactl.state.Effect;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The supervisor's effects turned into transition log lines (printed on the daemon's output too)
 * and alerts; a {@link Effect.Run} is handed back to start its operation, in its place among the
 * lines. {@link #write} is safe from any thread (the log appends under its own lock); the rest
 * runs on the owner thread.
 */
final class EffectLog {

    private final String cluster;
    private final TransitionLog log;
    private final PrintWriter out;
    private final Clock clock;
    private final ControllerEvents events;

    EffectLog(String cluster, TransitionLog log, PrintWriter out, Clock clock, ControllerEvents events) {
        this.cluster = cluster;
        this.log = log;
        this.out = out;
        this.clock = clock;
        this.events = events;
    }

    /**
     * One line per effect, in order ({@code who}/{@code why}: the operator and comment of an action,
     * null in a cycle), each Run given to {@code run}; then the alerts of them all. {@code state}: the
     * cluster state the lines and alerts name.
     */
    void handle(List<Effect> effects, String who, String why, Supplier<ClusterState> state, Consumer<Effect.Run> run) {
        for (Effect e : effects) {
            if (e instanceof Effect.Run r) {
                run.accept(r);
            } else {
                write(line(e, who, why, state.get()));
            }
        }
        if (!effects.isEmpty()) {
            try {
                events.effects(effects, state.get(), clock.instant());
            } catch (RuntimeException ex) {
                out.println("hactl controller: alerting failed: " + ex.getMessage());
            }
        }
    }

    /**
     * A follower's effects (issue 16): the state, diagnosis and reminder lines in its own log; no
     * proposal line (made, closed, blocked), no alert (the leader sends them, once for the three);
     * a Run still goes to {@code run}, whose step gate refuses it with the leader's name.
     */
    void handleAsFollower(List<Effect> effects, String who, String why, Supplier<ClusterState> state,
                          Consumer<Effect.Run> run) {
        for (Effect e : effects) {
            if (e instanceof Effect.Run r) {
                run.accept(r);
            } else if (!proposes(e)) {
                write(line(e, who, why, state.get()));
            }
        }
    }

    /** Whether {@code e} is about a proposal: only the leader writes and alerts those. */
    static boolean proposes(Effect e) {
        return e instanceof Effect.ProposalMade || e instanceof Effect.ProposalClosed || e instanceof Effect.Blocked
                || e instanceof Effect.AppBlocked;
    }

    private TransitionEntry line(Effect e, String who, String why, ClusterState state) {
        Instant now = clock.instant();
        String actor = ControlLoop.ACTOR;
        if (e instanceof Effect.StateChanged s) {
            return StateEntry.of(now, cluster, Event.STATE, name(s.from()), name(s.to()), s.sentence(), s.evidence(), who, why);
        } else if (e instanceof Effect.DiagnosisChanged d) {
            return StateEntry.of(now, cluster, Event.DIAGNOSIS, null, name(d.state()), d.sentence(), d.evidence(), who, why);
        } else if (e instanceof Effect.AppStateChanged a) {
            return StateEntry.of(now, cluster, Event.APP_STATE, a.from() == null ? null : a.from().name(), a.to().name(),
                    a.sentence(), null, who, why);
        } else if (e instanceof Effect.ProposalMade p) {
            return ProposalEntry.of(now, cluster, Event.PROPOSAL, p.proposal(), null, actor, p.proposal().sentence());
        } else if (e instanceof Effect.ProposalClosed p) {
            return ProposalEntry.of(now, cluster, Event.named(p.event()).orElseThrow(), p.proposal(), null, actor,
                    p.proposal().comment());
        } else if (e instanceof Effect.Blocked b) {
            return StateEntry.of(now, cluster, Event.BLOCKED, null, name(state), "no failover proposed: " + b.veto(), null,
                    actor, null);
        } else if (e instanceof Effect.AppBlocked b) {
            return StateEntry.of(now, cluster, Event.BLOCKED, null, name(state), "no " + b.kind().name().toLowerCase()
                    + " proposed for " + b.node() + ": " + b.veto(), null, actor, null);
        } else if (e instanceof Effect.AppReminder r) {
            return StateEntry.of(now, cluster, Event.REMINDER, null, name(state), "application still " + r.state()
                    + " after " + r.standing().toSeconds() + " s: " + r.sentence(), null, actor, null);
        } else if (e instanceof Effect.Reminder r) {
            return StateEntry.of(now, cluster, Event.REMINDER, null, name(r.state()), "still " + r.state() + " after "
                    + r.standing().toSeconds() + " s: " + r.sentence(), null, actor, null);
        }
        throw new IllegalStateException("no log line for effect " + e.getClass().getSimpleName());
    }

    static String name(ClusterState s) {
        return s == null ? null : s.name();
    }

    /** Appends {@code e} to the transition log and prints it on the daemon's output; a failed append is said, not thrown. */
    void write(TransitionEntry e) {
        try {
            log.append(e);
        } catch (RuntimeException ex) {
            out.println("hactl controller: " + ex.getMessage());
        }
        out.println(LogLines.line(e));
        out.flush();
    }
}
