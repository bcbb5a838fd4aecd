package io.hactl.db;

import io.hactl.config.DatabaseConfig;
import io.hactl.config.NodeConfig;
import io.hactl.model.DbProbe.Flavor;
import io.hactl.probe.ReplicaStatusParser;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * {@link DbAdmin} over one Connector/J connection to the node's own address, as the
 * configured admin user, with the same connection properties as the probes (connect and
 * socket timeouts always set). Statements are bound by the driver; passwords travel only
 * inside SQL on this connection and are scrubbed from every error message.
 */
public final class JdbcDbAdmin implements DbAdmin {

    /** MASTER_GTID_WAIT: no error, wait done. 1094: unknown thread (the session ended meanwhile). */
    private static final int ER_NO_SUCH_THREAD = 1094;

    private final String node;
    private final Connection c;
    private final SqlDialect dialect;
    private final Duration readTimeout;
    /** How {@link #c} was opened: a {@link WriteLock} opens a session of its own the same way. */
    private final String url;
    private final Properties props;
    /** Sessions holding a {@link WriteLock} taken here: never ended by {@link #killClientSessions}. */
    private final java.util.Set<Long> lockSessions = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Locks still held: released when this admin closes, so none outlives the operation. */
    private final List<WriteLock> locks = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** A session opened ahead for the next {@link #lockWrites} ({@link #prepareLockSession}); null when none. */
    private LockSession spare;

    /** A session for a {@link WriteLock}: its server id, and the lock_wait_timeout it was given. */
    private record LockSession(Connection connection, long id, Duration lockWait) {
    }

    private JdbcDbAdmin(String node, Connection c, SqlDialect dialect, Duration readTimeout, String url,
                        Properties props) {
        this.node = node;
        this.c = c;
        this.dialect = dialect;
        this.readTimeout = readTimeout;
        this.url = url;
        this.props = props;
    }

    /** Connects to the node's database; throws {@link DbAdminException} when it cannot. */
    public static JdbcDbAdmin connect(NodeConfig node, DatabaseConfig cfg) {
        return connect(node.name(), node.address(), cfg);
    }

    public static JdbcDbAdmin connect(String name, String host, DatabaseConfig cfg) {
        Properties p = properties(cfg);
        String url = "jdbc:mysql://" + host + ":" + cfg.port() + "/";
        Connection c;
        try {
            c = DriverManager.getConnection(url, p);
        } catch (SQLException e) {
            throw new DbAdminException(name + ": cannot connect to MySQL at " + host + ":" + cfg.port() + " as "
                    + cfg.user() + ": " + shortMessage(e, List.of()), e.getErrorCode());
        }
        try {
            String version;
            String comment;
            try (PreparedStatement st = c.prepareStatement("SELECT @@version, @@version_comment");
                 ResultSet rs = st.executeQuery()) {
                rs.next();
                version = ReplicaStatusParser.stripMariadbPrefix(rs.getString(1));
                comment = rs.getString(2);
            }
            boolean mariadb = (version + " " + comment).toLowerCase(Locale.ROOT).contains("mariadb");
            SqlDialect d = SqlDialect.of(mariadb ? Flavor.MARIADB : Flavor.MYSQL, version);
            JdbcDbAdmin admin = new JdbcDbAdmin(name, c, d, cfg.readTimeout(), url, p);
            // SET GLOBAL read_only waits for running commits: never longer than our socket timeout
            admin.exec(d.lockWaitTimeout(cfg.readTimeout().minusSeconds(1)));
            return admin;
        } catch (SQLException e) {
            close(c);
            throw new DbAdminException(name + ": " + shortMessage(e, List.of()), e.getErrorCode());
        } catch (RuntimeException e) {
            close(c);
            throw e;
        }
    }

    /** The probes' connection properties ({@link DatabaseConfig#connectionProperties}), statements bound by the driver. */
    static Properties properties(DatabaseConfig cfg) {
        Properties p;
        try {
            p = cfg.connectionProperties();
        } catch (IllegalStateException e) {
            throw new DbAdminException("cannot read the database password: " + e.getMessage(), 0);
        }
        // parameters are bound by the driver into the statement text (CHANGE MASTER cannot be prepared server-side)
        p.setProperty("useServerPrepStmts", "false");
        return p;
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public Flavor flavor() {
        return dialect.flavor();
    }

    public SqlDialect dialect() {
        return dialect;
    }

    @Override
    public DbState state() {
        Map<String, String> v = row(dialect.readState());
        boolean fromFile;
        try {
            fromFile = "1".equals(first(row(dialect.readOnlyFromOptionFile())));
        } catch (DbAdminException e) {
            fromFile = false; // not readable here (privileges, performance_schema off): unknown, say nothing
        }
        Map<String, String> rs = row(dialect.replicaStatus());
        return new DbState(dialect.flavor(), v.get("version") == null ? null
                : ReplicaStatusParser.stripMariadbPrefix(v.get("version")), parseLong(v.get("server_id")),
                on(v.get("read_only")), v.get("super_read_only") == null ? null : on(v.get("super_read_only")),
                fromFile, on(v.get("log_bin")), on(v.get("log_replica_updates")), v.get("gtid_binlog_pos"),
                v.get("gtid_binlog_state"), v.get("gtid_current_pos"), v.get("gtid_slave_pos"),
                v.get("gtid_executed") == null ? null : v.get("gtid_executed").replace("\n", ""),
                ReplicaStatusParser.parse(rs), v.get("log_bin_basename"));
    }

    @Override
    public void setReadOnly(boolean on) {
        dialect.setReadOnly(on).forEach(this::exec);
    }

    @Override
    public List<ClientSession> clientSessions() {
        List<ClientSession> out = new ArrayList<>();
        for (Map<String, String> r : rows(dialect.processList())) {
            ClientSession s = new ClientSession(parseLong(r.get("ID")), r.get("USER"), r.get("HOST"), r.get("DB"),
                    r.get("COMMAND"), parseLong(r.get("TIME")), r.get("STATE"));
            if (s.isClient(-1) && !lockSessions.contains(s.id())) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public List<ClientSession> killClientSessions() {
        List<ClientSession> killed = new ArrayList<>();
        for (ClientSession s : clientSessions()) {
            try {
                exec(dialect.kill(s.id()));
                killed.add(s);
            } catch (DbAdminException e) {
                if (e.errorCode() != ER_NO_SUCH_THREAD) {
                    throw e;
                }
            }
        }
        return killed;
    }

    @Override
    public void prepareLockSession(Duration wait) {
        synchronized (this) {
            if (spare != null) {
                return;
            }
        }
        LockSession s;
        try {
            s = openLockSession(wait);
        } catch (RuntimeException e) {
            return; // lockWrites opens its own and says what fails
        }
        synchronized (this) {
            if (spare == null) {
                spare = s;
                return;
            }
        }
        lockSessions.remove(s.id());
        close(s.connection());
    }

    @Override
    public WriteLock lockWrites(Duration wait) {
        LockSession s;
        synchronized (this) {
            s = spare != null && spare.lockWait().equals(wait) ? spare : null;
            spare = null;
        }
        if (s == null) {
            s = openLockSession(wait);
        }
        Connection lc = s.connection();
        try {
            lc.setNetworkTimeout(Runnable::run, (int) wait.plus(readTimeout).toMillis());
            exec(lc, dialect.lockAllWrites());
            lc.setNetworkTimeout(Runnable::run, (int) readTimeout.toMillis());
            JdbcWriteLock l = new JdbcWriteLock(s.id(), lc);
            locks.add(l);
            return l;
        } catch (SQLException e) {
            lockSessions.remove(s.id());
            close(lc);
            throw new DbAdminException(node + ": " + shortMessage(e, List.of()), e.getErrorCode());
        } catch (RuntimeException e) {
            lockSessions.remove(s.id());
            close(lc);
            throw e;
        }
    }

    /** A session of its own for FLUSH TABLES WITH READ LOCK: opened, its id kept from {@link #killClientSessions}, lock_wait_timeout set. */
    private LockSession openLockSession(Duration wait) {
        Connection lc;
        try {
            lc = DriverManager.getConnection(url, props);
        } catch (SQLException e) {
            throw new DbAdminException(node + ": cannot open a session for " + dialect.lockAllWrites().text() + ": "
                    + shortMessage(e, List.of()), e.getErrorCode());
        }
        long id = -1;
        try {
            try (PreparedStatement st = lc.prepareStatement("SELECT CONNECTION_ID()"); ResultSet rs = st.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            lockSessions.add(id);
            exec(lc, dialect.lockWaitTimeout(wait));
            return new LockSession(lc, id, wait);
        } catch (SQLException e) {
            lockSessions.remove(id);
            close(lc);
            throw new DbAdminException(node + ": " + shortMessage(e, List.of()), e.getErrorCode());
        } catch (RuntimeException e) {
            lockSessions.remove(id);
            close(lc);
            throw e;
        }
    }

    /** The session holding FLUSH TABLES WITH READ LOCK; closing it unlocks. */
    private final class JdbcWriteLock implements WriteLock {
        private final long id;
        private final Connection lc;
        private boolean closed;

        JdbcWriteLock(long id, Connection lc) {
            this.id = id;
            this.lc = lc;
        }

        @Override
        public long sessionId() {
            return id;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                exec(lc, dialect.unlockAllWrites());
            } catch (DbAdminException e) {
                // closing the session below releases the lock as well
            } finally {
                JdbcDbAdmin.close(lc);
                lockSessions.remove(id);
                locks.remove(this);
            }
        }
    }

    @Override
    public boolean waitForGtid(String position, Duration timeout) {
        Sql sql = dialect.waitForGtid(position, timeout);
        try {
            c.setNetworkTimeout(Runnable::run, (int) timeout.plus(readTimeout).toMillis());
            try {
                String r = first(row(sql));
                return r != null && dialect.waitReached(Long.parseLong(r.strip()));
            } finally {
                c.setNetworkTimeout(Runnable::run, (int) readTimeout.toMillis());
            }
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    /**
     * STOP SLAVE with a semi-sync replica's last connection to its master bounded to 1 s
     * ({@link SqlDialect#semiSyncReplicaPause}; a server without semi-sync, unknown variable 1193,
     * stops as before), and that second added to the statement's read timeout.
     */
    @Override
    public void stopReplication() {
        stop(dialect.stopReplication());
    }

    @Override
    public void stopReceiving() {
        stop(dialect.stopIoThread());
    }

    private void stop(Sql statement) {
        List<Sql> pause = dialect.semiSyncReplicaPause();
        boolean paused = false;
        try {
            pause.forEach(this::exec);
            paused = !pause.isEmpty();
        } catch (DbAdminException e) {
            if (e.errorCode() != ER_UNKNOWN_SYSTEM_VARIABLE) {
                throw e;
            }
        }
        DbAdminException failed = null;
        try {
            c.setNetworkTimeout(Runnable::run, (int) readTimeout.plus(KILL_CONNECTION).toMillis());
            try {
                exec(statement);
            } finally {
                c.setNetworkTimeout(Runnable::run, (int) readTimeout.toMillis());
            }
        } catch (SQLException e) {
            failed = failure(statement, e);
        } catch (DbAdminException e) {
            failed = e;
        }
        if (paused) {
            try {
                dialect.semiSyncReplicaRestore().forEach(this::exec);
            } catch (DbAdminException lost) {
                if (failed == null) {
                    throw lost;
                }
                failed.addSuppressed(lost); // the connection the STOP broke: the setting is the server's again at restart
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** What a semi-sync replica's STOP may add: its connection to end the dump thread, 1 s connect + 1 s read at most. */
    private static final Duration KILL_CONNECTION = Duration.ofSeconds(2);

    private static final int ER_UNKNOWN_SYSTEM_VARIABLE = 1193;

    @Override
    public void resetReplication() {
        exec(dialect.resetReplication());
    }

    @Override
    public void pointAt(ReplicationSource source, String seed) {
        dialect.pointAt(source, seed).forEach(this::exec);
    }

    @Override
    public void startReplication() {
        exec(dialect.startReplication());
    }

    @Override
    public void startSqlThread() {
        exec(dialect.startSqlThread());
    }

    @Override
    public void forgetHistory(String position) {
        dialect.forgetHistory(position).forEach(this::exec);
    }

    @Override
    public List<String> tables(String schema) {
        List<String> out = new ArrayList<>();
        for (Map<String, String> r : rows(dialect.tables(schema))) {
            out.add(r.values().iterator().next());
        }
        return out;
    }

    @Override
    public Long checksum(String schema, String table) {
        Map<String, String> r = row(dialect.checksum(schema, table));
        String v = r.get("Checksum");
        return v == null ? null : Long.valueOf(v);
    }

    @Override
    public List<Map<String, String>> query(Sql sql) {
        return rows(sql);
    }

    @Override
    public void execute(Sql sql) {
        exec(sql);
    }

    @Override
    public void close() {
        locks.forEach(WriteLock::close);
        LockSession s;
        synchronized (this) {
            s = spare;
            spare = null;
        }
        if (s != null) {
            close(s.connection());
        }
        close(c);
    }

    // ------------------------------------------------------------------ plumbing

    void exec(Sql sql) {
        exec(c, sql);
    }

    private void exec(Connection on, Sql sql) {
        try (PreparedStatement st = prepare(on, sql)) {
            st.execute();
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    private Map<String, String> row(Sql sql) {
        List<Map<String, String>> r = rows(sql);
        return r.isEmpty() ? Map.of() : r.get(0);
    }

    private List<Map<String, String>> rows(Sql sql) {
        List<Map<String, String>> out = new ArrayList<>();
        try (PreparedStatement st = prepare(sql); ResultSet rs = st.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, String> m = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    m.put(md.getColumnLabel(i), rs.getString(i));
                }
                out.add(m);
            }
        } catch (SQLException e) {
            throw failure(sql, e);
        }
        return out;
    }

    private PreparedStatement prepare(Sql sql) throws SQLException {
        return prepare(c, sql);
    }

    private static PreparedStatement prepare(Connection on, Sql sql) throws SQLException {
        PreparedStatement st = on.prepareStatement(sql.text());
        List<Object> values = sql.bound();
        for (int i = 0; i < values.size(); i++) {
            st.setObject(i + 1, values.get(i));
        }
        return st;
    }

    private DbAdminException failure(Sql sql, SQLException e) {
        return new DbAdminException(node + ": " + sql + " failed: " + shortMessage(e, sql.secrets()), e.getErrorCode());
    }

    /** First line of the message (and of its root cause), with every secret replaced by ******. */
    static String shortMessage(SQLException e, List<String> secrets) {
        String msg = e.getMessage() == null ? e.toString() : firstLine(e.getMessage());
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null) {
            msg += " (" + root.getClass().getSimpleName() + ": " + firstLine(root.getMessage()) + ")";
        }
        if (e.getErrorCode() != 0) {
            msg += " [error " + e.getErrorCode() + "]";
        }
        for (String s : secrets) {
            msg = msg.replace(s, "******");
        }
        return msg;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String first(Map<String, String> row) {
        return row.isEmpty() ? null : row.values().iterator().next();
    }

    private static boolean on(String v) {
        return v != null && (v.equals("1") || v.equalsIgnoreCase("ON"));
    }

    private static long parseLong(String v) {
        try {
            return v == null ? 0 : Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // closing a broken connection: nothing more to do
        }
    }
}
