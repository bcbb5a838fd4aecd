package io.hactl.log;

import io.hactl.log.TransitionEntry.Event;
import io.hactl.state.ClusterState;
import io.hactl.state.Proposal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a restarting controller learns from its transition log (pure: the entries in, a
 * {@link Result} out). Nothing in the log is silently forgotten: proposals still pending come
 * back, proposals whose expiry passed while the controller was down are named so they can be
 * logged as expired, an operation that started and never ended is returned so it is reported
 * as {@code INTERRUPTED}, and the anti-flapping block survives the restart.
 *
 * <p>Each kind of line has its rules ({@link OperationEntry}: operations started and ended;
 * {@link ProposalEntry}: proposals; {@link StateEntry}: the last state and unblocks; alerts
 * restore nothing). Torn or partial lines (fields absent) are tolerated: a line without the
 * field a rule needs is passed over by that rule, never fatal.
 */
public final class LogReplay {

    /** The operation whose successful end starts the anti-flapping block. */
    public static final String FAILOVER_OPERATION = "failover";
    /** Operations that move the application (the application move block starts when one an ack ran ends ok). */
    static final java.util.Set<String> APP_MOVES = java.util.Set.of("master-set", "node-failover");

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private LogReplay() {
    }

    /**
     * An operation that started and has no end in the log.
     *
     * @param lastStep the last step-start, step-end or note line of the run; null when it had none
     */
    public record UnfinishedOperation(String operation, String operationId, String who, String why, Instant startedAt,
                                      String what, OperationEntry lastStep) {

        /** What is known, in a sentence for the INTERRUPTED line and alert. */
        public String summary() {
            StringBuilder sb = new StringBuilder();
            sb.append(operation == null ? "an operation" : operation).append(' ').append(operationId)
                    .append(" started").append(who == null ? "" : " by " + who)
                    .append(startedAt == null ? "" : " at " + CLOCK.format(startedAt) + " UTC")
                    .append(why == null || why.isBlank() ? "" : " (why: " + why + ")")
                    .append(" never finished");
            if (lastStep == null) {
                sb.append("; no step was recorded");
            } else {
                sb.append("; last recorded: ");
                String step = lastStep.step() == null ? lastStep.detail() : "'" + lastStep.step() + "'";
                sb.append(lastStep.event() == Event.NOTE ? "note " : "step ").append(step == null ? "?" : step)
                        .append(lastStep.node() == null ? "" : " on " + lastStep.node());
                if (lastStep.event() == Event.STEP_START) {
                    sb.append(" started").append(lastStep.time() == null ? "" : " at " + CLOCK.format(lastStep.time())
                            + " UTC").append(", its end was never recorded (it may or may not have been done)");
                } else if (lastStep.event() == Event.STEP_END) {
                    sb.append(" ended ").append(lastStep.result() == null ? "" : lastStep.result())
                            .append(lastStep.time() == null ? "" : " at " + CLOCK.format(lastStep.time()) + " UTC");
                }
            }
            return sb.append("; check the pair (hactl check) before anything else").toString();
        }
    }

    /**
     * @param pending          proposals still PENDING whose expiry has not passed, oldest first
     * @param expiredWhileDown proposals still PENDING in the log but past their expiry
     * @param unfinished       operations started and never ended (nor already reported interrupted)
     * @param lastFailoverAt   when the last successful failover ended; null when none is logged
     * @param unblockedAt      when an {@code unblock} line after that failover lifted its block; null when none
     * @param lastState        the {@code to} of the last {@code state} line; null when none or not a known state
     * @param lastStateAt      when that line was written
     * @param lastAppMoveAt    when the last application move an acknowledged proposal ran (master-set or
     *                         node-failover, ok) ended, unless an {@code unblock} line came after it; null when none
     */
    public record Result(List<Proposal> pending, List<Proposal> expiredWhileDown, List<UnfinishedOperation> unfinished,
                         Instant lastFailoverAt, Instant unblockedAt, ClusterState lastState, Instant lastStateAt,
                         Instant lastAppMoveAt) {

        public Result(List<Proposal> pending, List<Proposal> expiredWhileDown, List<UnfinishedOperation> unfinished,
                      Instant lastFailoverAt, Instant unblockedAt, ClusterState lastState, Instant lastStateAt) {
            this(pending, expiredWhileDown, unfinished, lastFailoverAt, unblockedAt, lastState, lastStateAt, null);
        }

        /** True when the block of the last failover was lifted by an operator. */
        public boolean unblocked() {
            return unblockedAt != null;
        }

        /** The later of the last failover and the unblock after it (null when neither). */
        public Instant lastFailoverOrUnblock() {
            return unblockedAt != null ? unblockedAt : lastFailoverAt;
        }

        /** Whether a new failover is still blocked at {@code now} for a block of {@code period}. */
        public boolean failoverBlocked(Duration period, Instant now) {
            return lastFailoverAt != null && !unblocked() && period != null && !period.isZero()
                    && now.isBefore(lastFailoverAt.plus(period));
        }
    }

    public static Result scan(List<TransitionEntry> entries, Instant now) {
        Scan scan = new Scan();
        for (TransitionEntry e : entries) {
            if (e instanceof ProposalEntry p) {
                scan.proposal(p);
            } else if (e instanceof OperationEntry o) {
                scan.operation(o);
            } else if (e instanceof StateEntry s) {
                scan.state(s);
            }
            // alerts: nothing to restore
        }
        return scan.result(now);
    }

    /** What the lines read so far leave behind, oldest first. */
    private static final class Scan {

        private final Map<String, Proposal> proposals = new LinkedHashMap<>();
        private final Map<String, UnfinishedOperation> open = new LinkedHashMap<>();
        private Instant lastFailover;
        private Instant unblocked;
        private Instant lastAppMove;
        private ClusterState lastState;
        private Instant lastStateAt;

        /** Records the proposal as this line leaves it: the proposal it carries, else the known one updated by the event. */
        void proposal(ProposalEntry e) {
            String id = e.proposal() != null && e.proposal().id() != null ? e.proposal().id() : e.proposalId();
            if (id == null) {
                return;
            }
            if (e.proposal() != null && e.proposal().status() != null) {
                proposals.put(id, e.proposal());
                return;
            }
            Proposal known = proposals.get(id);
            Proposal.Status status = switch (e.event()) {
                case ACK -> Proposal.Status.ACKNOWLEDGED;
                case REJECT -> Proposal.Status.REJECTED;
                case EXPIRE -> Proposal.Status.EXPIRED;
                case WITHDRAW -> Proposal.Status.WITHDRAWN;
                default -> null;    // proposal: made, nothing decided
            };
            if (known != null && status != null) {
                // a torn decision line (no proposal object): the decision still counts
                proposals.put(id, known.decided(status, e.who(), e.time(), e.why()));
            }
        }

        /** A run opens, records its last step or note, or ends; a failover or application move that ended ok counts. */
        void operation(OperationEntry o) {
            String id = o.operationId();
            switch (o.event()) {
                case OPERATION_START -> {
                    if (id != null) {
                        open.put(id, new UnfinishedOperation(o.operation(), id, o.who(), o.why(), o.time(), o.detail(),
                                null));
                    }
                }
                case STEP_START, STEP_END, NOTE -> {
                    UnfinishedOperation u = id == null ? null : open.get(id);
                    if (u != null) {
                        open.put(id, new UnfinishedOperation(u.operation(), id, u.who(), u.why(), u.startedAt(),
                                u.what(), o));
                    }
                }
                default -> {    // operation-end, refused
                    if (id != null) {
                        open.remove(id);
                    }
                    boolean endedOk = o.event() == Event.OPERATION_END && "ok".equals(o.result()) && o.time() != null;
                    if (endedOk && FAILOVER_OPERATION.equals(o.operation())) {
                        lastFailover = o.time();
                        unblocked = null;
                    }
                    if (endedOk && APP_MOVES.contains(o.operation()) && o.why() != null
                            && o.why().startsWith("proposal ")) {
                        lastAppMove = o.time();
                    }
                }
            }
        }

        /**
         * An unblock lifts the failover block after the last failover and the application move
         * block; a state line with a {@code to} is the last state. The other controller lines
         * restore nothing (an interrupted run is closed by its own operation-end line).
         */
        void state(StateEntry s) {
            if (s.event() == Event.UNBLOCK) {
                lastAppMove = null;
                if (lastFailover != null && s.time() != null && !s.time().isBefore(lastFailover)) {
                    unblocked = s.time();
                }
            } else if (s.event() == Event.STATE && s.to() != null) {
                lastState = LogReplay.state(s.to());
                lastStateAt = s.time();
            }
        }

        Result result(Instant now) {
            List<Proposal> pending = new ArrayList<>();
            List<Proposal> expired = new ArrayList<>();
            for (Proposal p : proposals.values()) {
                if (p.status() != Proposal.Status.PENDING) {
                    continue;
                }
                (p.expiresAt() != null && !now.isBefore(p.expiresAt()) ? expired : pending).add(p);
            }
            return new Result(List.copyOf(pending), List.copyOf(expired), List.copyOf(open.values()), lastFailover,
                    unblocked, lastState, lastStateAt, lastAppMove);
        }
    }

    private static ClusterState state(String name) {
        try {
            return ClusterState.valueOf(name);
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }
}
