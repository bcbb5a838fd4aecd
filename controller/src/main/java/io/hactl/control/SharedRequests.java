package io.hactl.control;

import io.hactl.coordination.Decision;
import io.hactl.coordination.Epoch;
import io.hactl.coordination.Request;
import io.hactl.coordination.SharedState;
import io.hactl.coordination.Versioned;
import io.hactl.pair.Refused;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Operators' decisions and requests made to a controller that does not lead (issue 16, "ack
 * anywhere"), on the owner thread. A follower records them in ZooKeeper and answers RECORDED (HTTP
 * 202) naming itself, the proposal's version, the leader and its epoch; without a leader it records
 * nothing and answers UNAVAILABLE (HTTP 503). The leader takes each one once (at each cycle and
 * when the shared state's watch says one was recorded) and runs it through the same
 * {@link OperatorRequests} path as a request made to it, the operator's name kept and "via
 * &lt;member&gt;" in the comment that goes to the transition log.
 */
final class SharedRequests {

    /** A switchover or an unblock the leader takes later than this after it was recorded is refused, not run. */
    static final Duration REQUEST_TTL = Duration.ofMinutes(2);
    private static final String FOLLOW = ": follow it with hactl history --since 5m";

    /** "p-3f9a1c@2": the proposal, and the version the operator saw (null when not given). */
    record Ref(String id, Integer version) {

        static Ref parse(String text) {
            int at = text.lastIndexOf('@');
            if (at > 0 && text.substring(at + 1).matches("[0-9]{1,9}")) {
                return new Ref(text.substring(0, at), Integer.parseInt(text.substring(at + 1)));
            }
            return new Ref(text, null);
        }
    }

    private final String cluster;
    private final Clock clock;
    private final PrintWriter out;
    private final EffectLog log;
    private final OperatorRequests local;

    SharedRequests(String cluster, Clock clock, PrintWriter out, EffectLog log, OperatorRequests local) {
        this.cluster = cluster;
        this.clock = clock;
        this.out = out;
        this.log = log;
        this.local = local;
    }

    // ------------------------------------------------------------------ a follower records

    /** An ack or a reject on a follower: a decision on the version the operator gave, else the one read now. */
    ActionResult decide(SharedCoordination shared, Ref ref, String operator, String comment, Decision.Verdict verdict) {
        String not = verdict == Decision.Verdict.ACK ? "not acknowledged: " : "not rejected: ";
        String why = noLeader(shared);
        if (why != null) {
            return ActionResult.unavailable(not + why, ref.id());
        }
        SharedState state = shared.state();
        try {
            Integer version = ref.version();
            if (version == null) {
                Optional<Versioned<io.hactl.state.Proposal>> p = state.proposal(ref.id());
                if (p.isEmpty()) {
                    return new ActionResult(ActionResult.Outcome.NOT_FOUND, "no proposal " + ref.id() + " in ZooKeeper:"
                            + " the leader has none by that id (withdrawn, expired or done, or the id is mistyped);"
                            + " hactl proposals lists the pending ones", ref.id(), null);
                }
                version = p.get().version();
            }
            // who leads, read before recording: once recorded, the answer must say so, whatever fails after
            String leader = leaderNow(shared);
            long epoch = state.epoch();
            state.recordDecision(ref.id(), version, operator, verdict, comment);
            return ActionResult.recorded("recorded on " + shared.member() + " for proposal " + ref.id() + " version "
                    + version + "; the leader " + leader + " (epoch " + epoch + ") "
                    + (verdict == Decision.Verdict.ACK ? "runs it" : "rejects it") + FOLLOW, ref.id());
        } catch (Refused r) {
            return ActionResult.refused(not + r.reason() + (r.fix() == null ? "" : "; " + r.fix()), ref.id());
        } catch (IllegalStateException e) {
            return ActionResult.unavailable(not + e.getMessage(), ref.id());
        }
    }

    /** A switchover or an unblock on a follower: a request for the leader. */
    ActionResult request(SharedCoordination shared, Request.Kind kind, String node, String operator, String reason) {
        String what = kind == Request.Kind.SWITCHOVER ? "switchover to " + node : "unblock";
        String why = noLeader(shared);
        if (why != null) {
            return ActionResult.unavailable(what + " not recorded: " + why, null);
        }
        try {
            String leader = leaderNow(shared);
            long epoch = shared.state().epoch();
            Request r = shared.state().recordRequest(kind, node, operator, reason);
            return ActionResult.recorded(what + " recorded on " + shared.member() + " as request " + r.id()
                    + "; the leader " + leader + " (epoch " + epoch + ") "
                    + (kind == Request.Kind.SWITCHOVER ? "runs it" : "lifts the block") + FOLLOW, null);
        } catch (IllegalStateException e) {
            return ActionResult.unavailable(what + " not recorded: " + e.getMessage(), null);
        }
    }

    /** Why nothing may be recorded here now (no leader to run it), or null. */
    private static String noLeader(SharedCoordination shared) {
        if (shared.state() == null) {
            return "this controller (" + shared.member() + ") has not joined ZooKeeper yet; nothing recorded: try again"
                    + " in a moment, or on the leader (hactl status shows it)";
        }
        String connection = shared.connection();
        if (connection != null) {
            return "this controller (" + shared.member() + ") has no usable ZooKeeper connection (" + connection
                    + "), so no leader can take it from here; nothing recorded: wait for the quorum (hactl status shows"
                    + " the members' answers), or ask another controller";
        }
        if (shared.leader().isEmpty()) {
            return "no controller leads now (an election is under way, or ZooKeeper has no quorum); nothing recorded:"
                    + " try again in a few seconds (hactl status shows the leader)";
        }
        return null;
    }

    private static String leaderNow(SharedCoordination shared) {
        return shared.leader().orElse("(being elected)");
    }

    // ------------------------------------------------------------------ the leader runs

    /** The leader: every decision and request recorded elsewhere, taken once under {@code epoch} and run here. */
    void runRecorded(SharedState state, Epoch epoch) {
        for (Decision d : state.takeDecisions(epoch, this::superseded)) {
            String comment = via(d.member(), d.comment());
            ActionResult r = d.verdict() == Decision.Verdict.ACK
                    ? local.ack(new Message.Ack(d.proposalId(), d.operator(), comment, new Reply()))
                    : local.reject(new Message.Reject(d.proposalId(), d.operator(), comment, new Reply()));
            say(d.verdict() + " of " + d.proposalId() + " version " + d.version() + " by " + d.operator() + " via "
                    + d.member() + ": " + r.outcome() + ": " + r.message());
        }
        for (Request q : state.takeRequests(epoch)) {
            String reason = via(q.member(), q.reason());
            String what = (q.kind() == Request.Kind.SWITCHOVER ? "switchover to " + q.node() : "unblock") + " by "
                    + q.operator() + " via " + q.member() + " (request " + q.id() + ")";
            ActionResult r;
            if (q.at() != null && q.at().plus(REQUEST_TTL).isBefore(clock.instant())) {
                String stale = "recorded at " + q.at() + ", more than " + REQUEST_TTL.toMinutes() + " minutes before a"
                        + " leader took it: not run; ask again if it is still wanted";
                r = q.kind() == Request.Kind.SWITCHOVER
                        ? OperatorRequests.refusedSwitchover(log, clock, cluster, q.node(), q.operator(), reason, stale)
                        : ActionResult.refused(stale, null);
            } else if (q.kind() == Request.Kind.SWITCHOVER) {
                r = local.switchover(new Message.Switchover(q.node(), q.operator(), reason, new Reply()));
            } else {
                r = local.unblock(new Message.Unblock(q.operator(), reason, new Reply()));
            }
            say(what + ": " + r.outcome() + ": " + r.message());
        }
    }

    /** A decision the leader did not take (the proposal changed or went since): logged as a refused ack or reject. */
    private void superseded(Decision d) {
        String why = d.superseded() + ": not run; read it again (hactl proposals) and decide on what it says now";
        ActionResult r = d.verdict() == Decision.Verdict.ACK
                ? local.refusedAck(d.proposalId(), d.operator(), via(d.member(), d.comment()), why)
                : ActionResult.refused("not rejected: " + why, d.proposalId());
        say(d.verdict() + " of " + d.proposalId() + " version " + d.version() + " by " + d.operator() + " via "
                + d.member() + ": " + r.outcome() + ": " + r.message());
    }

    /** "via n2: the operator's words": the transition log's comment of what the leader runs for a follower. */
    static String via(String member, String comment) {
        return "via " + member + (comment == null || comment.isBlank() ? "" : ": " + comment);
    }

    private void say(String line) {
        out.println("hactl controller: " + line);
        out.flush();
    }
}
