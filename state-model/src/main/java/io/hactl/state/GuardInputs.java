package io.hactl.state;

import java.time.Duration;
import java.time.Instant;

/**
 * What the machine's guards judge by, set before each event: the time, the last failover
 * and the block period (anti-flapping), this cycle's assessment, the proposal being decided.
 */
public record GuardInputs(Instant now, Instant lastFailoverAt, Duration blockPeriod, Assessment assessment,
                          Proposal proposal) {

    /** When the anti-flapping block ends, or null when there is none now. */
    public Instant blockedUntil() {
        if (lastFailoverAt == null || blockPeriod == null || blockPeriod.isZero()) {
            return null;
        }
        Instant until = lastFailoverAt.plus(blockPeriod);
        return now.isBefore(until) ? until : null;
    }
}
