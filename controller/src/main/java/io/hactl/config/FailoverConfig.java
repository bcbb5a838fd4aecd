package io.hactl.config;

import java.time.Duration;

/**
 * When the controller proposes a failover, and what happens to the proposal ({@code failover:}
 * in hactl.yml; docs/configuration.md).
 *
 * @param mode           MANUAL (default): a proposal waits for an operator's acknowledgement;
 *                       AUTOMATIC: it runs by itself after {@code grace} unless rejected
 * @param downAfter      how long the master must fail every probe (and the replica confirm)
 *                       before it is MASTER_DOWN; default 1s (with at least two failed cycles)
 * @param grace          AUTOMATIC only: time between the proposal and its run; default 30s
 * @param blockPeriod    after a failover, no new failover is proposed for this long; default 1h
 * @param proposalExpiry a proposal not acknowledged within this time expires; default 15m
 */
public record FailoverConfig(Mode mode, Duration downAfter, Duration grace, Duration blockPeriod,
                             Duration proposalExpiry) {

    public enum Mode { MANUAL, AUTOMATIC }

    public static FailoverConfig defaults() {
        return new FailoverConfig(Mode.MANUAL, Defaults.FAILOVER_DOWN_AFTER, Defaults.FAILOVER_GRACE,
                Defaults.FAILOVER_BLOCK_PERIOD, Defaults.FAILOVER_PROPOSAL_EXPIRY);
    }
}
