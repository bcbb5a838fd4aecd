package io.hactl.state;

import java.time.Duration;

/** Small text helpers for sentences. */
final class Texts {

    private static final java.time.format.DateTimeFormatter UTC = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(java.time.ZoneOffset.UTC);

    private Texts() {
    }

    /** 2026-11-25 13:00:09 UTC, as the failover block says it. */
    static String utc(java.time.Instant t) {
        return UTC.format(t);
    }

    /** 1h, 15m, 30s, 1.5s, 250ms. */
    static String duration(Duration d) {
        if (d == null) {
            return "-";
        }
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms < 1000 ? ms + "ms" : String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    }
}
