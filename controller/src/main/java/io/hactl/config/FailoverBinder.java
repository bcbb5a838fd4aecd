package io.hactl.config;

import java.time.Duration;

/**
 * Makes the {@code failover} section's config: mode, down_after, grace, block_period,
 * proposal_expiry. Checks against the probe interval (a master is declared down only after two
 * failed cycles) and the mode (grace only means something in automatic mode).
 */
final class FailoverBinder {

    private FailoverBinder() {
    }

    /** {@code probeInterval}: the probe cycle's interval, null when it was wrong (then not compared). */
    static FailoverConfig read(Problems c, HactlYaml.Failover f, Duration probeInterval) {
        if (f == null) {
            f = new HactlYaml.Failover(null, null, null, null, null);
        }
        FailoverConfig.Mode mode = c.or("failover.mode", f.mode(), FailoverConfig.Mode.MANUAL);
        // absent: the default, raised to the probe interval when that is longer (two failed cycles either way)
        Duration downAfter = c.or("failover.down_after", f.downAfter(), probeInterval != null
                && probeInterval.compareTo(Defaults.FAILOVER_DOWN_AFTER) > 0 ? probeInterval : Defaults.FAILOVER_DOWN_AFTER);
        Duration grace = c.or("failover.grace", f.grace(), Defaults.FAILOVER_GRACE);
        Duration blockPeriod = c.or("failover.block_period", f.blockPeriod(), Defaults.FAILOVER_BLOCK_PERIOD);
        Duration expiry = c.or("failover.proposal_expiry", f.proposalExpiry(), Defaults.FAILOVER_PROPOSAL_EXPIRY);
        if (f.downAfter() != null && downAfter != null && probeInterval != null && downAfter.compareTo(probeInterval) < 0) {
            c.error("failover.down_after", Durations.format(downAfter) + " is shorter than probe.interval ("
                    + Durations.format(probeInterval) + "): the master is declared down only after at least two"
                    + " failed probe cycles, so failover.down_after must be at least probe.interval; raise"
                    + " failover.down_after to " + Durations.format(probeInterval) + " or more, or lower probe.interval");
        }
        if (c.has("failover.grace") && mode == FailoverConfig.Mode.MANUAL) {
            c.warning("failover.grace", "is only used with mode: automatic (a proposal then runs by itself after the"
                    + " grace period); with mode: manual every proposal waits for 'hactl ack ID': remove grace, or set"
                    + " failover.mode: automatic");
        }
        if (mode == FailoverConfig.Mode.AUTOMATIC && grace != null && expiry != null && grace.compareTo(expiry) >= 0) {
            c.error("failover.grace", Durations.format(grace) + " is not shorter than failover.proposal_expiry ("
                    + Durations.format(expiry) + "): a proposal would expire before it runs; make grace shorter"
                    + " than proposal_expiry");
        }
        if (blockPeriod != null && blockPeriod.isZero()) {
            c.warning("failover.block_period", "0 turns anti-flapping off: right after a failover a new failover can"
                    + " be proposed (and, with mode: automatic, run), so a flapping pair may switch back and forth;"
                    + " keep a block, e.g. block_period: 1h (the default)");
        }
        return new FailoverConfig(mode, downAfter, grace, blockPeriod, expiry);
    }
}
