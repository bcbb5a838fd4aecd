package io.hactl.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Reads @@read_only on both nodes in turn, as fast as it can (a round takes well under a
 * millisecond), and records when it could prove both were writable at once: three
 * consecutive samples A, B, A' (A and A' the same node) all writable. A was writable
 * before B was read and still after, and a switch changes each node's read_only at most
 * once, so A was writable the whole time, including the instant B was. (Two consecutive
 * writable samples alone prove nothing: the first node may have turned read-only in
 * between.) The three samples must lie within {@link #MAX_SPAN_NANOS} (far shorter than a
 * switch, which takes seconds), so a stalled sampler cannot span two switches. A failed
 * read (a killed connection) breaks the chain and reconnects. With a {@code period} it
 * reads one node every period (the torture run reads every 50 ms: a switch's read_only
 * change is seconds apart from the next, and the servers of a 2-core lab are not kept busy).
 */
public final class ReadOnlySampler implements AutoCloseable {

    static final long MAX_SPAN_NANOS = 500_000_000L;

    private record Sample(int node, Boolean writable, long at) {
    }

    private final String[] hosts;
    private final Properties props;
    private final Thread thread;
    private volatile boolean running = true;
    private long samples;
    private long failures;
    private final List<String> bothWritable = new ArrayList<>();
    /** System.nanoTime() of each proven instant (B's sample), in order. */
    private final List<Long> bothWritableAt = new ArrayList<>();
    private final long periodNanos;

    public ReadOnlySampler(String hostA, String hostB, int port, String user, String password) {
        this(hostA, hostB, port, user, password, java.time.Duration.ZERO);
    }

    /** @param period between two reads (zero: as fast as it can) */
    public ReadOnlySampler(String hostA, String hostB, int port, String user, String password,
                           java.time.Duration period) {
        this.periodNanos = period.toNanos();
        this.hosts = new String[] {hostA, hostB};
        this.props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "1000");
        props.setProperty("socketTimeout", "2000");
        props.setProperty("sslMode", "DISABLED");
        for (int i = 0; i < 2; i++) {
            hosts[i] = hosts[i] + ":" + port;
        }
        this.thread = new Thread(this::loop, "read-only-sampler");
        this.thread.setDaemon(true);
    }

    public ReadOnlySampler start() {
        thread.start();
        return this;
    }

    private void loop() {
        Connection[] c = new Connection[2];
        Sample a = null;
        Sample b = null;
        int node = 0;
        while (running) {
            if (periodNanos > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(periodNanos); // the sampling period
            }
            Boolean writable = null;
            try {
                if (c[node] == null) {
                    c[node] = DriverManager.getConnection("jdbc:mysql://" + hosts[node] + "/", props);
                }
                try (Statement st = c[node].createStatement(); ResultSet rs = st.executeQuery("SELECT @@read_only")) {
                    rs.next();
                    writable = rs.getInt(1) == 0;
                }
            } catch (SQLException e) {
                close(c[node]);
                c[node] = null;
                synchronized (this) {
                    failures++;
                }
            }
            Sample s = new Sample(node, writable, System.nanoTime());
            synchronized (this) {
                samples++;
                if (a != null && b != null && a.node() == s.node() && b.node() != s.node()
                        && Boolean.TRUE.equals(a.writable()) && Boolean.TRUE.equals(b.writable())
                        && Boolean.TRUE.equals(s.writable()) && s.at() - a.at() < MAX_SPAN_NANOS) {
                    bothWritable.add("node " + hosts[b.node()] + " writable at " + b.at() + " while node "
                            + hosts[s.node()] + " was writable from " + a.at() + " to " + s.at());
                    bothWritableAt.add(b.at());
                }
            }
            a = b;
            b = s;
            node = 1 - node;
        }
        close(c[0]);
        close(c[1]);
    }

    public synchronized long samples() {
        return samples;
    }

    public synchronized long failures() {
        return failures;
    }

    /** How many proven instants of two writable nodes lie in [fromNanos, toNanos] (System.nanoTime()). */
    public synchronized long bothWritableBetween(long fromNanos, long toNanos) {
        return bothWritableAt.stream().filter(t -> t >= fromNanos && t <= toNanos).count();
    }

    /** Every proven instant of two writable nodes; empty is the goal. */
    public synchronized List<String> bothWritable() {
        return List.copyOf(bothWritable);
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
                // broken: nothing to close cleanly
            }
        }
    }
}
