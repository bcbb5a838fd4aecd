package io.hactl.probe;

import io.hactl.model.DbProbe;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The {@link MasterWatch}'s sessions: logged in as the probes log in ({@link DbProber#connect}), waiting on
 * the server with {@code SELECT SLEEP(s)}, one at a time, s at most a second and under half the read
 * timeout. The statement takes no table and no lock: it holds up neither FLUSH TABLES WITH READ LOCK nor
 * read_only; a switchover that ends the client sessions ends this one too (one early cycle, harmless).
 */
public final class SqlSessions implements MasterWatch.Sessions {

    private final DbProber prober;

    public SqlSessions(DbProber prober) {
        this.prober = prober;
    }

    @Override
    public MasterWatch.Opened open(MasterWatch.Target t) {
        try {
            Connection c = prober.connect(t.host());
            return new MasterWatch.Opened(new Held(c, sleepSeconds(prober.readTimeout())), null);
        } catch (SQLException e) {
            return new MasterWatch.Opened(null, DbProber.failure(e) == DbProbe.Failure.REFUSED
                    ? MasterWatch.Heard.GONE : MasterWatch.Heard.NOTHING);
        } catch (IllegalStateException e) {
            return new MasterWatch.Opened(null, MasterWatch.Heard.NOTHING); // no password: the cycles say so
        }
    }

    /** The wait per statement: a second, or less than half the read timeout. */
    static String sleepSeconds(Duration readTimeout) {
        long ms = Math.max(100, Math.min(1000, readTimeout.toMillis() / 2 - 50));
        return String.format(java.util.Locale.ROOT, "%.3f", ms / 1000.0);
    }

    /** What a failed wait means: no answer in time is not a signal; anything else is the server's side gone. */
    static MasterWatch.Heard heard(SQLException e) {
        DbProbe.Failure f = DbProber.failure(e);
        return f == DbProbe.Failure.TIMEOUT || f == DbProbe.Failure.AUTH ? MasterWatch.Heard.NOTHING
                : MasterWatch.Heard.GONE;
    }

    private record Held(Connection c, String seconds) implements MasterWatch.Session {

        @Override
        public MasterWatch.Heard listen() {
            try (Statement st = c.createStatement()) {
                st.executeQuery("SELECT SLEEP(" + seconds + ")").close();
                return MasterWatch.Heard.ANSWERED;
            } catch (SQLException e) {
                return heard(e);
            }
        }

        @Override
        public void close() {
            try {
                c.close();
            } catch (SQLException e) {
                // gone already
            }
        }
    }
}
