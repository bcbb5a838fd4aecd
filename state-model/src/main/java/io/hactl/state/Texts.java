package io.hactl.state;

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
}
