package io.hactl.control;

/**
 * What became of an operator's action (ack, reject, switchover request, unblock).
 *
 * @param outcome     see {@link Outcome}
 * @param message     a sentence for the operator: what was done, or why it was refused and what to do
 * @param proposalId  the proposal concerned, if any
 * @param operationId the operation started, if any (its steps: hactl history --operation ID)
 */
public record ActionResult(Outcome outcome, String message, String proposalId, String operationId) {

    public enum Outcome {
        /** Done (reject, unblock) or started (ack, switchover: the operation runs; follow it in history). */
        ACCEPTED,
        /** Refused: nothing changed; the message says why. */
        REFUSED,
        /** No such proposal. */
        NOT_FOUND,
        /** The operation ran and failed, or the controller failed to handle the request (the message says what to check). */
        FAILED,
        /**
         * Recorded in ZooKeeper by a controller that does not lead (issue 16, ack anywhere): the leader
         * runs it once; the message names the member, the proposal's version, the leader and its epoch.
         */
        RECORDED,
        /** No leader to run it (no quorum, an election under way): nothing recorded, nothing changed. */
        UNAVAILABLE
    }

    public static ActionResult accepted(String message, String proposalId, String operationId) {
        return new ActionResult(Outcome.ACCEPTED, message, proposalId, operationId);
    }

    public static ActionResult refused(String message, String proposalId) {
        return new ActionResult(Outcome.REFUSED, message, proposalId, null);
    }

    public static ActionResult failed(String message, String proposalId) {
        return new ActionResult(Outcome.FAILED, message, proposalId, null);
    }

    public static ActionResult recorded(String message, String proposalId) {
        return new ActionResult(Outcome.RECORDED, message, proposalId, null);
    }

    public static ActionResult unavailable(String message, String proposalId) {
        return new ActionResult(Outcome.UNAVAILABLE, message, proposalId, null);
    }

    public static ActionResult notFound(String proposalId) {
        return new ActionResult(Outcome.NOT_FOUND, "no proposal " + proposalId + " (hactl proposals lists them)",
                proposalId, null);
    }
}
