package io.hactl.state;

/** A guard's refusal: why a transition may not happen, and what the operator can do. */
public record Veto(String reason, String override) {

    @Override
    public String toString() {
        return reason + (override == null ? "" : " (" + override + ")");
    }
}
