package io.hactl.api;

/** The JSON bodies of the action requests. */
public final class ActionRequests {

    private ActionRequests() {
    }

    /** {@code POST /api/proposals/{id}/ack} and {@code .../reject}: {"comment": "..."} (optional). */
    public record Decision(String comment) {
    }

    /** {@code POST /api/switchover}: {"node": "n2", "reason": "..."}. */
    public record Switchover(String node, String reason) {
    }

    /** {@code POST /api/unblock}: {"reason": "..."}. */
    public record Unblock(String reason) {
    }
}
