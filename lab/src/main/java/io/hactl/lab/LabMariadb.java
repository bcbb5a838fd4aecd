package io.hactl.lab;

import io.hactl.node.CommandResult;
import io.hactl.node.LocalShell;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MariaDB on the lab's nodes: install, start, SQL as root through the node's socket, the
 * seed (database, users), replication n2 from n1 and its wait, the tables' checksums, and
 * the two ways a replica is made from the master (a copy of the lab database, a rebuild).
 */
final class LabMariadb {

    private static final Pattern DUMP_GTID = Pattern.compile("^-- SET GLOBAL gtid_slave_pos='([^']*)'");

    private final LabLayout layout;
    private final LabShell shell;
    private final LabProcesses procs;
    private final LabLog log;

    LabMariadb(LabLayout layout, LabShell shell, LabProcesses procs, LabLog log) {
        this.layout = layout;
        this.shell = shell;
        this.procs = procs;
        this.log = log;
    }

    void install(LabNode n) {
        shell.check(n.name(), Duration.ofSeconds(120), null, "mariadb-install-db", "--defaults-file=" + layout.myCnf(n),
                "--skip-test-db", "--auth-root-authentication-method=socket");
    }

    /** Starts mariadbd in the node's namespace, detached, and waits until it answers a ping on its socket. */
    void start(LabNode n) {
        // UMASK (MariaDB's file creation mode): pid file and error log readable, so 'lab status' works without root
        shell.spawn(n, layout.mariadbOut(n), shell.which("env"), "UMASK=0644", shell.which("mariadbd"),
                "--defaults-file=" + layout.myCnf(n));
        Poll.await("MariaDB on " + n + " to answer ping", Duration.ofSeconds(60), Duration.ofMillis(50),
                () -> ping(n), () -> LabFiles.tail(layout.errorLog(n), 5));
    }

    private boolean ping(LabNode n) {
        if (!Files.exists(layout.socket(n))) {
            return false;
        }
        return LocalShell.exec(n.name(), List.of("mariadb-admin", "--no-defaults", "--socket=" + layout.socket(n),
                "-uroot", "--connect-timeout=2", "ping"), "mariadb-admin ping", null, Duration.ofSeconds(5)).ok();
    }

    /** n1's database, table and users (the baseline master's; n2 gets them by replication). */
    String seed() {
        String hactl = LabFiles.secret(layout.hactlPassword());
        String repl = LabFiles.secret(layout.replPassword());
        sql(LabNode.N1, """
                CREATE DATABASE hactl_demo;
                CREATE TABLE hactl_demo.demo_writes (
                  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                  written_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                  note VARCHAR(200)
                );
                INSERT INTO hactl_demo.demo_writes (note) VALUES ('seed 1'), ('seed 2'), ('seed 3');
                CREATE USER 'hactl'@'198.51.100.%%' IDENTIFIED BY '%s';
                GRANT ALL PRIVILEGES ON *.* TO 'hactl'@'198.51.100.%%' WITH GRANT OPTION;
                CREATE USER 'repl'@'198.51.100.%%' IDENTIFIED BY '%s';
                GRANT REPLICATION SLAVE ON *.* TO 'repl'@'198.51.100.%%';
                """.formatted(hactl, repl) + appUserSql(LabFiles.secret(layout.appPassword())), Duration.ofSeconds(30));
        return "hactl_demo.demo_writes (3 rows), users hactl, repl, app";
    }

    /**
     * The application's user: SELECT and INSERT on hactl_demo only, so read_only stops it
     * (MariaDB's read_only does not stop users with READ_ONLY ADMIN, which hactl's ALL
     * PRIVILEGES includes). Tests and the switchover bench write through the DB VIP as it.
     */
    static String appUserSql(String password) {
        return """
                CREATE USER IF NOT EXISTS 'app'@'198.51.100.%%' IDENTIFIED BY '%1$s';
                ALTER USER 'app'@'198.51.100.%%' IDENTIFIED BY '%1$s';
                GRANT SELECT, INSERT ON hactl_demo.* TO 'app'@'198.51.100.%%';
                """.formatted(password);
    }

    /**
     * A lab built before the app user existed gets it (and its password file) on heal;
     * created on n1 (the baseline master), n2 gets it by replication.
     */
    void ensureAppUser(List<String> actions) {
        try {
            boolean newSecret = !Files.exists(layout.appPassword());
            if (newSecret) {
                LabFiles.writeSecret(layout.appPassword(), LabFiles.randomPassword());
            }
            String have = sql(LabNode.N1, "SELECT COUNT(*) FROM mysql.user WHERE User='app' AND Host='198.51.100.%'",
                    Duration.ofSeconds(10)).strip();
            if (newSecret || !"1".equals(have)) {
                actions.add("create user app on n1");
                sql(LabNode.N1, appUserSql(LabFiles.secret(layout.appPassword())), Duration.ofSeconds(10));
                waitCaughtUp(LabNode.N2, LabNode.N1, Duration.ofSeconds(15));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CHANGE MASTER on {@code replica} to {@code master} (password on stdin), START SLAVE. */
    void configureReplica(LabNode replica, LabNode master) {
        sql(replica, """
                CHANGE MASTER TO MASTER_HOST='%s', MASTER_PORT=3306, MASTER_USER='repl', MASTER_PASSWORD='%s',
                  MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1, MASTER_HEARTBEAT_PERIOD=1;
                START SLAVE;
                """.formatted(master.address(), LabFiles.secret(layout.replPassword())), Duration.ofSeconds(30));
    }

    /**
     * Waits (MASTER_GTID_WAIT, server side, bounded) until {@code replica} has applied
     * everything in {@code master}'s binlog; returns that position.
     */
    String waitCaughtUp(LabNode replica, LabNode master, Duration timeout) {
        String pos = sql(master, "SELECT @@gtid_binlog_pos", Duration.ofSeconds(10)).strip();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            // the wait in slices of at most 1 s, the SQL thread looked at between them: one stopped by an error
            // never catches up, and is said at once, not after the whole timeout; the wait and the table's
            // presence in one round trip (a heal at the baseline waits twice, and is caught up at the first)
            double slice = Math.max(0.1, Math.min(1.0, (deadline - System.nanoTime()) / 1e9));
            String[] r = sql(replica, String.format(java.util.Locale.ROOT, "SELECT MASTER_GTID_WAIT('%s', %.1f),"
                    + " (SELECT COUNT(*) FROM information_schema.tables WHERE table_schema='hactl_demo'"
                    + " AND table_name='demo_writes')", pos, slice), Duration.ofSeconds(10)).strip().split("\t", -1);
            if (r[0].equals("0")) {
                if (r.length < 2 || !r[1].equals("1")) {
                    throw new LabException(replica + " caught up but has no hactl_demo.demo_writes");
                }
                break;
            }
            Map<String, String> s = slaveStatus(replica);
            boolean stopped = sqlStopped(s);
            if (stopped || System.nanoTime() >= deadline) {
                throw new LabException(replica + " did not catch up with " + master + " (" + pos + ")"
                        + (stopped ? ": its SQL thread stopped" : " in " + timeout.toSeconds() + " s") + ": IO "
                        + s.get("Slave_IO_Running") + " " + s.get("Last_IO_Error") + ", SQL " + s.get("Slave_SQL_Running")
                        + " " + s.get("Last_SQL_Error"));
            }
        }
        return pos;
    }

    /** Whether SHOW SLAVE STATUS says the SQL thread stopped on an error (it stays stopped until someone acts). */
    static boolean sqlStopped(Map<String, String> status) {
        return "No".equals(status.get("Slave_SQL_Running")) && !"0".equals(status.getOrDefault("Last_SQL_Errno", "0"));
    }

    /** SHOW SLAVE STATUS as column to value; empty when no replication is configured. */
    Map<String, String> slaveStatus(LabNode n) {
        CommandResult r = shell.run(n.name(), Duration.ofSeconds(10), "SHOW SLAVE STATUS\n", args(n, false));
        if (!r.ok()) {
            throw new LabException("SHOW SLAVE STATUS on " + n + ": " + r.err().strip());
        }
        String[] lines = r.out().split("\n");
        Map<String, String> m = new LinkedHashMap<>();
        if (lines.length < 2) {
            return m;
        }
        String[] keys = lines[0].split("\t", -1);
        String[] values = lines[1].split("\t", -1);
        for (int i = 0; i < keys.length && i < values.length; i++) {
            m.put(keys[i], values[i]);
        }
        return m;
    }

    /** The mariadb client as root through the node's socket, batch mode. */
    String[] args(LabNode n, boolean skipColumnNames) {
        List<String> a = new ArrayList<>(List.of("mariadb", "--no-defaults", "--protocol=socket",
                "--socket=" + layout.socket(n), "-uroot", "--batch", "--connect-timeout=5"));
        if (skipColumnNames) {
            a.add("--skip-column-names");
        }
        return a.toArray(String[]::new);
    }

    /** {@code sql} on stdin as root on the node; stdout (tab-separated, no headers), a LabException on failure. */
    String sql(LabNode n, String sql, Duration timeout) {
        CommandResult r = shell.run(n.name(), timeout, sql, args(n, true));
        if (!r.ok()) {
            throw new LabException("SQL as root on " + n + " failed: " + (r.err() == null ? "" : r.err().strip()));
        }
        return r.out();
    }

    /** CHECKSUM TABLE of every base table of the lab database on the node. */
    TableChecksums tableChecksums(LabNode n) {
        String tables = sql(n, "SELECT GROUP_CONCAT(CONCAT('`" + Lab.DATABASE + "`.`', TABLE_NAME, '`') ORDER BY"
                + " TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA='" + Lab.DATABASE
                + "' AND TABLE_TYPE='BASE TABLE'", Duration.ofSeconds(10)).strip();
        if (tables.isEmpty() || tables.equals("NULL")) {
            return new TableChecksums(n.name(), Map.of());
        }
        return TableChecksums.parse(n.name(), sql(n, "CHECKSUM TABLE " + tables, Duration.ofSeconds(120)));
    }

    /**
     * Replaces the replica's copy of the lab database with the master's, as hactl's rebuild
     * copies it: one consistent dump ({@code --single-transaction}; {@code --gtid
     * --master-data=2} writes the snapshot's GTID in a comment) into a file of the lab dir,
     * loaded on the replica with the binary log off (no GTID of its own), then replication
     * from exactly the snapshot's GTID (later writes come by replication) and a wait until
     * caught up. The replica's other databases and its users are left as they are.
     */
    void copyDatabase(LabNode master, LabNode replica) {
        Path dump = layout.dir().resolve("heal-copy-" + Lab.DATABASE + ".sql");
        try {
            sql(replica, "STOP SLAVE", Duration.ofSeconds(30));
            shell.check(master.name(), Duration.ofSeconds(600), null, "mariadb-dump", "--no-defaults",
                    "--protocol=socket", "--socket=" + layout.socket(master), "-uroot", "--single-transaction", "--gtid",
                    "--master-data=2", "--add-drop-database", "--routines", "--triggers", "--result-file=" + dump,
                    "--databases", "--", Lab.DATABASE);
            String gtid;
            try (var lines = Files.lines(dump, StandardCharsets.UTF_8)) {
                gtid = lines.map(DUMP_GTID::matcher).filter(Matcher::find).map(m -> m.group(1))
                        .reduce((first, second) -> second).orElse(null);
            }
            if (gtid == null) {
                throw new LabException("the dump of " + Lab.DATABASE + " on " + master + " (" + dump + ") records no"
                        + " GTID (-- SET GLOBAL gtid_slave_pos=...): cannot point " + replica + " at its snapshot");
            }
            shell.check(replica.name(), Duration.ofSeconds(600), null, "mariadb", "--no-defaults", "--protocol=socket",
                    "--socket=" + layout.socket(replica), "-uroot", "--batch", "--connect-timeout=5",
                    "--init-command=SET SESSION sql_log_bin=0", "-e", "SOURCE " + dump);
            sql(replica, "RESET SLAVE ALL; SET GLOBAL gtid_slave_pos='" + gtid + "';", Duration.ofSeconds(30));
            configureReplica(replica, master);
            waitCaughtUp(replica, master, Duration.ofSeconds(30));
        } catch (IOException e) {
            throw new LabException("cannot read the dump " + dump + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(dump);
            } catch (IOException e) {
                log.line("cannot delete " + dump + ": " + e.getMessage());
            }
        }
    }

    /**
     * What a physical rebuild (db-replica-init --method physical) stopped halfway left next to the
     * node's data directory: {@code data.hactl-new} (a copy never swapped in) is removed; a
     * {@code data.hactl-old} goes back in place when the server is down without its data
     * directory, else it is removed (the server runs on the new one). Null when there was nothing.
     */
    String rebuildLeftovers(LabNode n) {
        Path data = layout.dataDir(n);
        Path fresh = Path.of(data + ".hactl-new");
        Path old = Path.of(data + ".hactl-old");
        List<String> done = new ArrayList<>();
        if (Files.exists(old)) {
            if (procs.livePid(n, "mariadb").isEmpty()) {
                LabFiles.deleteTree(data);
                shell.check(n.name(), "mv", "--", old.toString(), data.toString());
                done.add("put " + old + " back as " + n + "'s data directory");
            } else {
                LabFiles.deleteTree(old);
                done.add("remove " + old);
            }
        }
        if (Files.exists(fresh)) {
            LabFiles.deleteTree(fresh);
            done.add("remove " + fresh);
        }
        return done.isEmpty() ? null : String.join(", ", done) + " (left by a physical rebuild)";
    }

    /** Replaces the replica's data with a fresh install that replicates everything from the master's binlog. */
    void rebuildReplica(LabNode replica, LabNode master) {
        procs.livePid(replica, "mariadb").ifPresent(pid -> {
            List<Long> left = Procs.terminate(List.of(pid), Duration.ofSeconds(2));
            if (!left.isEmpty()) {
                throw new LabException("mariadbd on " + replica + " survived KILL");
            }
        });
        LabFiles.deleteTree(layout.dataDir(replica));
        install(replica);
        start(replica);
        configureReplica(replica, master);
        waitCaughtUp(replica, master, Duration.ofSeconds(30));
    }
}
