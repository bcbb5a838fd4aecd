package io.hactl.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Polls the DB VIP every 10 ms (bounded) until the server behind it is the given one
 * ({@code @@server_id}) with {@code @@read_only = 0}, as the application would see it: a
 * connection is kept while it answers, a failed one is replaced. Connect timeout 250 ms: while
 * the VIP has no owner a SYN is dropped, and with the application's 1 s (the writer's) the first
 * SYN retry (Linux: after 1 s) would never be seen, so a poll would see the VIP's arrival on n2
 * up to a second late; the writer's figure (ack -> first write OK) shows what such a client sees.
 */
final class VipWritable {

    private final String url;
    private final Properties props = new Properties();

    VipWritable(String vip, int port, String user, String password) {
        this.url = "jdbc:mysql://" + vip + ":" + port + "/";
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "250");
        props.setProperty("socketTimeout", "1000");
        props.setProperty("sslMode", "DISABLED");
    }

    /** System.nanoTime() of the first answer "server {@code serverId}, read_only 0"; -1 at the deadline. */
    long await(long serverId, long deadlineNanos) throws InterruptedException {
        Connection c = null;
        try {
            while (System.nanoTime() < deadlineNanos) {
                try {
                    if (c == null) {
                        c = DriverManager.getConnection(url, props);
                    }
                    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                            "SELECT @@server_id, @@read_only")) {
                        rs.next();
                        long at = System.nanoTime();
                        if (rs.getLong(1) == serverId && rs.getLong(2) == 0) {
                            return at;
                        }
                    }
                } catch (SQLException e) {
                    close(c);
                    c = null;
                }
                Thread.sleep(10); // the poll's period, not a wait standing in for a condition
            }
            return -1;
        } finally {
            close(c);
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
