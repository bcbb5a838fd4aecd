package io.hactl.bench;

import io.hactl.control.ControlLoop;
import io.hactl.lab.Lab;
import io.hactl.state.ClusterState;
import io.hactl.state.Proposal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of the torture run's fault matrix ({@link FaultMatrix}), as data: what is done to
 * the pair, how it is undone, and what hactl must show and do. {@link FaultRun} applies it
 * under two writers, the samplers and a controller of its own, and judges each expectation.
 *
 * @param number        the row's number in issue 13 (1-14)
 * @param name          "kill -9 master mysqld"
 * @param inject        how the fault is applied
 * @param heal          how it is undone: run in a finally (idempotent), and before the outcome when
 *                      {@code healDuringRun}
 * @param healDuringRun the fault ends during the scenario (a hang of 8 s, a link back up): the
 *                      outcome is judged after the heal; otherwise it is judged with the fault in place
 * @param lasts         unacknowledged rows: how long the fault lasts (watched the whole time);
 *                      acknowledged rows: the longest wait for the expected proposal
 * @param state         a state the controller must show after the fault is applied
 * @param proposal      the proposal expected (kind and node), or {@link Expected#NONE}
 * @param risk          what the expected proposal's risk must say
 * @param ack           the expected proposal is acknowledged as soon as it is pending
 * @param outcome       the pair when all is done
 * @param rowsLost      how many acknowledged writes may be missing on the final master
 */
record FaultCase(int number, String name, Action inject, Action heal, boolean healDuringRun, Duration lasts,
                 ClusterState state, Expected proposal, Risk risk, boolean ack, Outcome outcome, RowsLost rowsLost) {

    FaultCase {
        if (ack && proposal.kind() == null) {
            throw new IllegalArgumentException("fault " + number + " (" + name + "): acknowledged, but no proposal is"
                    + " expected: name the proposal to acknowledge, or set ack false");
        }
        if (rowsLost == RowsLost.AT_MOST_PROPOSED && proposal.kind() == null) {
            throw new IllegalArgumentException("fault " + number + " (" + name + "): rows lost 'at most what the"
                    + " proposal said' needs an expected proposal");
        }
    }

    /** "FAILOVER_PROPOSED; FAILOVER n2, risk: no loss; acked; outcome: n2 master ...; rows lost 0". */
    String expectation() {
        return state + "; " + proposal + (proposal.kind() == null ? "" : ", risk: " + risk.words()) + "; "
                + (ack ? "acked -> " : healDuringRun ? "after the heal: " : "") + outcome.words() + "; rows lost "
                + rowsLost.words();
    }

    /** A step of a fault, with what it does in words (the results table shows them). */
    record Action(String words, Step step) {
    }

    /** What a step does to the lab, through the run's {@link Context}. */
    @FunctionalInterface
    interface Step {
        void run(Context c) throws Exception;
    }

    /** What a fault's steps may use: the lab, the row's controller, connections, and things to close at heal. */
    interface Context {
        Lab lab();

        ControlLoop controller();

        /** A connection as the privileged account (hactl) to {@code host} (a node's address or the DB VIP). */
        Connection connect(String host) throws SQLException;

        /** Ids a client of the step was told were committed (a long transaction): the checker counts them. */
        void acknowledged(String writer, List<Long> ids);

        /** Waits (bounded) for a pending proposal of this kind and acknowledges it. */
        Proposal ack(Proposal.Kind kind, Duration within);

        /** Waits (bounded) until the proposal's operation has ended (DONE or FAILED). */
        Proposal awaitEnd(Proposal p, Duration within);

        /** Waits (bounded) until both writers have had {@code rows} more writes acknowledged. */
        void awaitWrites(int rows, Duration within);

        /** Closed by the heal (and at the end of the row, whatever happened). */
        void keep(AutoCloseable resource);

        /** Closes what {@link #keep} holds, quietly. */
        void closeKept();

        /** A line for the row's log. */
        void note(String line);
    }

    /** The proposal expected: its kind and the node it is about; {@link #NONE}: no proposal at all. */
    record Expected(Proposal.Kind kind, String node) {
        static final Expected NONE = new Expected(null, null);

        boolean matches(Proposal p) {
            return kind != null && p.kind() == kind && node.equals(p.node());
        }

        @Override
        public String toString() {
            return kind == null ? "no proposal" : kind + " " + node;
        }
    }

    /** What the risk of the expected proposal must say. */
    record Risk(String words, Predicate<String> holds) {

        private static final Pattern FIGURE = Pattern.compile(
                "(?:may lack|lacks?|lose|loses|behind by|missing)\\s+(?:at least\\s+)?(\\d+)|(\\d+)\\s+transactions?");

        /**
         * No loss announced: every figure of transactions is 0, and the figure itself is not
         * "unknown". An honest "a lower bound … what n1 committed after that is unknown until it
         * returns" next to a 0 is still no loss announced.
         */
        static Risk noLoss() {
            return new Risk("no loss (0 transactions)", r -> {
                String l = r.strip().toLowerCase(java.util.Locale.ROOT);
                if (l.startsWith("0 transactions lost")) {
                    return true; // the old master's binlog is read before promotion (the figure after it is the fallback)
                }
                OptionalLong f = lossFigure(r);
                return !l.startsWith("unknown") && (f.isEmpty() || f.getAsLong() == 0);
            });
        }

        /** The figure is said to be a lower bound, from the master's last probe (issue 13, defect 5). */
        static Risk lowerBound() {
            return new Risk("a lower bound from the master's last probe, with its time", r -> {
                String l = r.toLowerCase(java.util.Locale.ROOT);
                return (l.contains("lower bound") || l.contains("at least")) && l.contains("probe");
            });
        }

        /** Names the replica's own transactions by GTID (server id 2). */
        static Risk namesErrantGtid() {
            return new Risk("names the errant GTIDs of n2", r -> Pattern.compile("\\b\\d+-2-\\d+\\b").matcher(r).find());
        }

        /** No proposal expected: nothing to judge. */
        static Risk none() {
            return new Risk("-", r -> true);
        }

        /**
         * The largest number of transactions the risk says may be lost ("n2 may lack 806
         * transactions", "n2 is 3 transactions behind"); empty when it names none.
         */
        static OptionalLong lossFigure(String risk) {
            if (risk == null) {
                return OptionalLong.empty();
            }
            Matcher m = FIGURE.matcher(risk);
            long best = -1;
            while (m.find()) {
                String g = m.group(1) != null ? m.group(1) : m.group(2);
                best = Math.max(best, Long.parseLong(g));
            }
            return best < 0 ? OptionalLong.empty() : OptionalLong.of(best);
        }
    }

    /**
     * The pair when all is done, judged on what the lab shows and the controller's state.
     *
     * @param master the node that must end as the master: where the acknowledged writes are looked up
     */
    record Outcome(String words, String master, Predicate<Observed> holds) {
    }

    /**
     * What the outcome is judged on.
     *
     * @param errantRows fault 10's errant rows on n2 ({@link FaultMatrix#ERRANT_WRITER}), -1 when n2 could not be read
     */
    record Observed(PairView pair, ClusterState state, long errantRows) {
    }

    /** How many acknowledged writes may be missing on the final master. */
    enum RowsLost {
        /** Not one. */
        NONE("0"),
        /** No more than the acknowledged proposal's risk figure (0 when it names none). */
        AT_MOST_PROPOSED("at most the proposal's figure");

        private final String words;

        RowsLost(String words) {
            this.words = words;
        }

        String words() {
            return words;
        }
    }
}
