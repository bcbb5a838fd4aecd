package io.hactl.api;

import io.hactl.control.ActionResult;

/**
 * The HTTP status of an action's result: accepted 202 (200 for what is done at once), recorded for
 * the leader 202, refused 409, not found 404, failed 500, no leader to run it 503.
 */
public final class HttpOutcomes {

    private HttpOutcomes() {
    }

    /**
     * @param immediate true for actions done when the call returns (reject, unblock): 200 rather
     *                  than 202 (ack and switchover start an operation)
     */
    public static int status(ActionResult result, boolean immediate) {
        if (result == null || result.outcome() == null) {
            return 500;
        }
        return switch (result.outcome()) {
            case ACCEPTED -> immediate ? 200 : 202;
            case REFUSED -> 409;
            case NOT_FOUND -> 404;
            case FAILED -> 500;
            case RECORDED -> 202; // recorded by a follower for the leader, which runs it (issue 16)
            case UNAVAILABLE -> 503; // no leader to run it: nothing recorded
        };
    }
}
