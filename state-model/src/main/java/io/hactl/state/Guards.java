package io.hactl.state;

import io.hactl.model.DurationText;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** The cluster machine's guards: each returns why a transition may not happen, or nothing. */
final class Guards {

    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Guards() {
    }

    /** PROPOSE_FAILOVER: not within the block period after a failover; a replica that can take over. */
    static Optional<Veto> failoverAllowed(GuardInputs in) {
        Optional<Veto> block = notBlocked(in);
        if (block.isPresent()) {
            return block;
        }
        Assessment a = in.assessment();
        if (a == null || a.other() == null) {
            return Optional.of(new Veto("no other node to fail over to", null));
        }
        NodeState other = a.nodes().get(a.other());
        if (other == NodeState.FENCED) {
            return Optional.of(new Veto("no failover to " + a.other() + ": it was fenced by the last failover"
                    + " (read-only, without the DB VIP) and has not replicated from " + a.master() + " since",
                    "rebuild " + a.other() + " from " + a.master() + " first (the RESYNC proposal, or hactl"
                    + " db-replica-init --node " + a.other() + ")"));
        }
        if (other == null || other == NodeState.UNREACHABLE || other == NodeState.DOWN) {
            return Optional.of(new Veto("no failover to " + a.other() + ": its database does not answer ("
                    + (other == null ? "unknown" : other) + ")", "bring " + a.other() + "'s database up"));
        }
        if (other == NodeState.DETACHED || other == NodeState.OUT_OF_DATE) {
            return Optional.of(new Veto("no failover to " + a.other() + ": it is not a replica of " + a.master()
                    + " (" + other + "), its data may be far behind", "decide by hand: hactl db-sync-check, then"
                    + " hactl db-master-set --node " + a.other() + " --force"));
        }
        if (a.risk() != null && a.risk().contains("diverged")) {
            return Optional.of(new Veto("no failover to " + a.other() + ": " + a.risk(), "compare by hand:"
                    + " hactl db-sync-check"));
        }
        return Optional.empty();
    }

    /** ACK_FAILOVER: the proposal is still pending and unexpired, and no block came up since. */
    static Optional<Veto> proposalValid(GuardInputs in) {
        Proposal p = in.proposal();
        if (p == null) {
            return Optional.of(new Veto("no failover proposal to acknowledge", "hactl proposals lists them"));
        }
        if (!p.pending()) {
            return Optional.of(new Veto("proposal " + p.id() + " is " + p.status().name().toLowerCase()
                    + (p.decidedBy() == null ? "" : " (by " + p.decidedBy() + ")"), "hactl proposals lists the pending ones"));
        }
        if (!in.now().isBefore(p.expiresAt())) {
            return Optional.of(new Veto("proposal " + p.id() + " expired at " + HM.format(p.expiresAt()),
                    "a new one is made while the master is still down"));
        }
        return notBlocked(in);
    }

    private static Optional<Veto> notBlocked(GuardInputs in) {
        if (in.blockedUntil() == null) {
            return Optional.empty();
        }
        return Optional.of(new Veto("failover blocked until " + HM.format(in.blockedUntil()) + ": a failover ran at "
                + HM.format(in.lastFailoverAt()) + " (anti-flapping, failover.block_period " + DurationText.config(in.blockPeriod()) + ")",
                "to allow one now: hactl unblock --reason TEXT"));
    }
}
