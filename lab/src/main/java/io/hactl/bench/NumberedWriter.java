package io.hactl.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A client that writes numbered rows through the DB VIP the way an application would: one
 * autocommit INSERT per number, paced at one per {@code interval} while all is well (an
 * unpaced loop does ~10k inserts/s and starves a 2-core lab), retried at once after an
 * error on a new connection
 * (connect timeout 1 s, socket timeout 2 s), the same number retried until the server
 * says it is committed. A duplicate-key error on a retry means an earlier attempt was
 * committed but its answer was lost: the number counts as written (the table's primary key
 * is (writer, n), so a row can never be there twice).
 *
 * <pre>
 * CREATE TABLE hactl_demo.switch_writes (writer VARCHAR(40), n BIGINT, server_id INT,
 *   written_at TIMESTAMP(6), PRIMARY KEY (writer, n))
 * </pre>
 */
public final class NumberedWriter implements AutoCloseable {

    public static final String TABLE_DDL = "CREATE TABLE IF NOT EXISTS hactl_demo.switch_writes ("
            + " writer VARCHAR(40) NOT NULL, n BIGINT NOT NULL, server_id INT NOT NULL,"
            + " written_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), PRIMARY KEY (writer, n))";

    private static final int ER_DUP_ENTRY = 1062;

    private final String url;
    private final Properties props;
    private final String writer;
    private final long intervalNanos;
    private final long retryPauseNanos;
    private final Thread thread;
    private volatile boolean running = true;

    /** Guarded by this: numbers the server acknowledged, and when (System.nanoTime()). */
    private final List<Long> acked = new ArrayList<>();
    private final List<Long> ackTimes = new ArrayList<>();
    private final List<Long> foundOnRetry = new ArrayList<>();
    private final List<String> errorLog = new ArrayList<>();
    private final List<Long> errorTimes = new ArrayList<>();
    private long errors;
    private long connects;
    private String lastError;

    /** Paced at one insert per 2 ms (a write gap is measured to within ~2 ms). */
    public NumberedWriter(String host, int port, String user, String password, String writer) {
        this(host, port, user, password, writer, Duration.ofMillis(2));
    }

    public NumberedWriter(String host, int port, String user, String password, String writer, Duration interval) {
        this(host, port, user, password, writer, interval, Duration.ZERO);
    }

    /**
     * @param retryPause the pause before a retry after an error (zero: at once). Against a refused
     *                   port "at once" is a hot loop of thousands of connects a second that takes a
     *                   whole core of a 2-core lab away from the servers and the controller.
     */
    public NumberedWriter(String host, int port, String user, String password, String writer, Duration interval,
                          Duration retryPause) {
        this.url = "jdbc:mysql://" + host + ":" + port + "/hactl_demo";
        this.props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "1000");
        props.setProperty("socketTimeout", "2000");
        props.setProperty("sslMode", "DISABLED");
        props.setProperty("allowPublicKeyRetrieval", "false");
        this.writer = writer;
        this.intervalNanos = interval.toNanos();
        this.retryPauseNanos = retryPause.toNanos();
        this.thread = new Thread(this::loop, "writer-" + writer);
        this.thread.setDaemon(true);
    }

    public NumberedWriter start() {
        thread.start();
        return this;
    }

    public String writer() {
        return writer;
    }

    private void loop() {
        Connection c = null;
        PreparedStatement ps = null;
        long n = 1;
        long next = System.nanoTime();
        while (running) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            try {
                if (c == null) {
                    synchronized (this) {
                        connects++;
                    }
                    c = DriverManager.getConnection(url, props);
                    ps = c.prepareStatement("INSERT INTO switch_writes (writer, n, server_id) VALUES (?, ?, @@server_id)");
                }
                ps.setString(1, writer);
                ps.setLong(2, n);
                ps.executeUpdate();
                ack(n, false);
                n++;
                next = Math.max(next + intervalNanos, System.nanoTime());
            } catch (SQLException e) {
                if (e.getErrorCode() == ER_DUP_ENTRY) {
                    ack(n, true);
                    n++;
                    next = Math.max(next + intervalNanos, System.nanoTime());
                    continue;
                }
                next = System.nanoTime() + retryPauseNanos;
                synchronized (this) {
                    errors++;
                    lastError = e.getErrorCode() + " " + e.getMessage();
                    if (errorLog.size() < 100_000) {
                        errorTimes.add(System.nanoTime());
                        String m = e.getMessage() == null ? "" : e.getMessage().split("\n")[0];
                        Throwable root = e;
                        while (root.getCause() != null) {
                            root = root.getCause();
                        }
                        errorLog.add((c == null ? "connect: " : "insert: ") + e.getErrorCode() + " " + m
                                + (root != e ? " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")" : ""));
                    }
                }
                close(c);
                c = null;
                ps = null;
            }
        }
        close(c);
    }

    private synchronized void ack(long n, boolean onRetry) {
        acked.add(n);
        ackTimes.add(System.nanoTime());
        if (onRetry) {
            foundOnRetry.add(n);
        }
    }

    /** Numbers the server said were committed (or found committed on a retry), in order. */
    public synchronized List<Long> acknowledged() {
        return List.copyOf(acked);
    }

    public synchronized int count() {
        return acked.size();
    }

    /** Numbers whose first answer was lost and that a retry found committed. */
    public synchronized List<Long> foundOnRetry() {
        return List.copyOf(foundOnRetry);
    }

    /** The errors between two System.nanoTime() values, each with its offset in ms from {@code fromNanos}. */
    public synchronized List<String> errorsBetween(long fromNanos, long toNanos) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < errorTimes.size(); i++) {
            long t = errorTimes.get(i);
            if (t >= fromNanos && t <= toNanos) {
                out.add(String.format(java.util.Locale.ROOT, "+%5d ms %s", (t - fromNanos) / 1_000_000, errorLog.get(i)));
            }
        }
        return out;
    }

    /** When (System.nanoTime()) the first write acknowledged at or after {@code fromNanos} was; -1 when none yet. */
    public synchronized long firstAckAfter(long fromNanos) {
        for (long t : ackTimes) {
            if (t >= fromNanos) {
                return t;
            }
        }
        return -1;
    }

    public synchronized long errors() {
        return errors;
    }

    public synchronized long connects() {
        return connects;
    }

    public synchronized String lastError() {
        return lastError;
    }

    /**
     * The longest time without a successful write that overlaps [fromNanos, toNanos]
     * (System.nanoTime() values): from the last success before a pause to the first after it.
     */
    public synchronized Duration longestGap(long fromNanos, long toNanos) {
        long best = 0;
        long prev = Long.MIN_VALUE;
        for (long t : ackTimes) {
            if (prev != Long.MIN_VALUE && t >= fromNanos && prev <= toNanos) {
                best = Math.max(best, t - prev);
            }
            prev = t;
        }
        if (prev != Long.MIN_VALUE && prev < toNanos) {
            best = Math.max(best, toNanos - Math.max(prev, fromNanos));
        }
        return Duration.ofNanos(best);
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // a broken connection: nothing to close cleanly
            }
        }
    }
}
