package io.hactl.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The torture run's two clients through the DB VIP, each inserting numbered rows and keeping
 * every acknowledged id: the application's account ({@code app}: SELECT, INSERT; read_only
 * stops it) and the privileged one ({@code hactl}: ALL PRIVILEGES, which in MariaDB include
 * READ ONLY ADMIN: read_only does not stop it). A switch that is only safe for the first
 * strands the second's writes on the old master (issue 13, defect 1).
 */
final class WriterPair implements AutoCloseable {

    /** One insert per 5 ms each: two writers, two servers, a controller and the samplers share 2 cores. */
    static final Duration INTERVAL = Duration.ofMillis(5);
    /** A pause before a retry: "at once" against a refused port is a hot loop that takes a core. */
    static final Duration RETRY_PAUSE = Duration.ofMillis(10);

    private final NumberedWriter app;
    private final NumberedWriter privileged;

    WriterPair(String vip, int port, String appPassword, String adminUser, String adminPassword, String tag) {
        this.app = new NumberedWriter(vip, port, "app", appPassword, "app-" + tag, INTERVAL, RETRY_PAUSE);
        this.privileged = new NumberedWriter(vip, port, adminUser, adminPassword, adminUser + "-" + tag, INTERVAL,
                RETRY_PAUSE);
    }

    WriterPair start() {
        app.start();
        privileged.start();
        return this;
    }

    List<NumberedWriter> all() {
        return List.of(app, privileged);
    }

    /** The fewer of the two writers' acknowledged counts. */
    int fewest() {
        return Math.min(app.count(), privileged.count());
    }

    /** Waits (bounded, polled every 10 ms) until each writer has {@code rows} more acknowledged; false at the limit. */
    boolean awaitMore(int rows, Duration within) throws InterruptedException {
        int a = app.count();
        int p = privileged.count();
        long deadline = System.nanoTime() + within.toNanos();
        while (app.count() < a + rows || privileged.count() < p + rows) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10); // the poll's period
        }
        return true;
    }

    /** The longer of the two writers' longest gaps overlapping [fromNanos, toNanos]. */
    Duration longestGap(long fromNanos, long toNanos) {
        Duration a = app.longestGap(fromNanos, toNanos);
        Duration b = privileged.longestGap(fromNanos, toNanos);
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Writer id to its acknowledged ids. */
    Map<String, List<Long>> acknowledged() {
        Map<String, List<Long>> m = new LinkedHashMap<>();
        for (NumberedWriter w : all()) {
            m.put(w.writer(), w.acknowledged());
        }
        return m;
    }

    /** "app-x 1234 rows (3 errors), hactl-x 1230 rows (5 errors)". */
    String describe() {
        return String.join(", ", all().stream().map(w -> w.writer() + " " + w.count() + " rows (" + w.errors()
                + " errors retried)").toList());
    }

    @Override
    public void close() {
        app.close();
        privileged.close();
    }
}
