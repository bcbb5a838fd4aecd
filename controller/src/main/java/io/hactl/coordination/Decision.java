package io.hactl.coordination;

import java.time.Instant;

/**
 * An operator's acknowledgement or rejection of one version of one proposal, recorded by whichever
 * controller the operator talked to ({@code <base>/state/decisions/<proposal id>@<version>}), and
 * taken once by the leader, which executes it.
 *
 * @param proposalId   the proposal
 * @param version      the version of the proposal the operator decided on
 * @param verdict      ACK or REJECT
 * @param operator     who decided
 * @param comment      the operator's comment, or null
 * @param member       the controller that recorded it (n1, n2, w)
 * @param at           when it was recorded
 * @param takenInEpoch the leader's epoch that took it for execution; null until taken
 * @param takenAt      when it was taken; null until taken
 * @param superseded   why the leader did not take it (the proposal changed or went after the decision); null
 *                     otherwise
 */
public record Decision(String proposalId, int version, Verdict verdict, String operator, String comment,
                       String member, Instant at, Long takenInEpoch, Instant takenAt, String superseded) {

    public enum Verdict { ACK, REJECT }

    /** Neither taken nor superseded: the leader has yet to act on it. */
    public boolean open() {
        return takenInEpoch == null && superseded == null;
    }

    Decision taken(long epoch, Instant when) {
        return new Decision(proposalId, version, verdict, operator, comment, member, at, epoch, when, null);
    }

    Decision supersededBecause(String why) {
        return new Decision(proposalId, version, verdict, operator, comment, member, at, takenInEpoch, takenAt, why);
    }

    /** "ACK by alice on n2 at 12:00:01". */
    public String describe() {
        return verdict + " by " + operator + " on " + member + " at " + Connection.clock(at);
    }
}
