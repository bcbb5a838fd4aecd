package io.hactl.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the {@code failover} section: mode, down_after, grace, block_period, proposal_expiry.
 * Checks against the probe interval (a master is declared down only after two failed cycles)
 * and the mode (grace only means something in automatic mode).
 */
final class FailoverBinder {

    static final Set<String> KEYS = Set.of("mode", "down_after", "grace", "block_period", "proposal_expiry");

    private FailoverBinder() {
    }

    /** {@code probeInterval}: the probe cycle's interval, null when it was wrong (then not compared). */
    static FailoverConfig read(YamlMap root, Duration probeInterval) {
        YamlMap f = root.map("failover", KEYS);
        FailoverConfig.Mode mode = mode(f);
        // absent: the default, raised to the probe interval when that is longer (two failed cycles either way)
        Duration downAfter = f.duration("down_after", probeInterval != null
                && probeInterval.compareTo(Defaults.FAILOVER_DOWN_AFTER) > 0 ? probeInterval : Defaults.FAILOVER_DOWN_AFTER);
        Duration grace = f.duration("grace", Defaults.FAILOVER_GRACE);
        Duration blockPeriod = f.durationOrZero("block_period", Defaults.FAILOVER_BLOCK_PERIOD);
        Duration expiry = f.duration("proposal_expiry", Defaults.FAILOVER_PROPOSAL_EXPIRY);
        if (f.has("down_after") && downAfter != null && probeInterval != null && downAfter.compareTo(probeInterval) < 0) {
            f.error("down_after", Durations.format(downAfter) + " is shorter than probe.interval ("
                    + Durations.format(probeInterval) + "): the master is declared down only after at least two"
                    + " failed probe cycles, so failover.down_after must be at least probe.interval; raise"
                    + " failover.down_after to " + Durations.format(probeInterval) + " or more, or lower probe.interval");
        }
        if (f.has("grace") && mode == FailoverConfig.Mode.MANUAL) {
            f.warning("grace", "is only used with mode: automatic (a proposal then runs by itself after the grace"
                    + " period); with mode: manual every proposal waits for 'hactl ack ID': remove grace, or set"
                    + " failover.mode: automatic");
        }
        if (mode == FailoverConfig.Mode.AUTOMATIC && grace != null && expiry != null && grace.compareTo(expiry) >= 0) {
            f.error("grace", Durations.format(grace) + " is not shorter than failover.proposal_expiry ("
                    + Durations.format(expiry) + "): a proposal would expire before it runs; make grace shorter"
                    + " than proposal_expiry");
        }
        if (blockPeriod != null && blockPeriod.isZero()) {
            f.warning("block_period", "0 turns anti-flapping off: right after a failover a new failover can be"
                    + " proposed (and, with mode: automatic, run), so a flapping pair may switch back and forth;"
                    + " keep a block, e.g. block_period: 1h (the default)");
        }
        return new FailoverConfig(mode, downAfter, grace, blockPeriod, expiry);
    }

    private static FailoverConfig.Mode mode(YamlMap f) {
        String text = f.string("mode");
        if (text == null) {
            return f.has("mode") ? null : FailoverConfig.Mode.MANUAL;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "manual" -> FailoverConfig.Mode.MANUAL;
            case "automatic" -> FailoverConfig.Mode.AUTOMATIC;
            default -> {
                f.error("mode", "'" + text + "' is not a failover mode: write manual (a proposal waits for an"
                        + " operator's 'hactl ack ID'; the default) or automatic (it runs by itself after"
                        + " failover.grace unless rejected)");
                yield null;
            }
        };
    }
}
