package io.hactl.bench;

import static io.hactl.bench.BenchData.DB;
import static io.hactl.bench.BenchData.N1;
import static io.hactl.bench.BenchData.N2;

import io.hactl.backup.Progress;
import io.hactl.bench.BenchData.Timed;
import io.hactl.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * hactl db-replica-init --node n2 against the shell way of the same copy ({@code mariadb-dump |
 * mariadb}), on the lab: the lab's sample database (database.name of the lab config), then a
 * generated database of GB gigabytes (BenchData, on n1 with the binary log off). Before each
 * timed run n2 is made a "new replica" as DbReplicaInitLabIT does it: replication stopped and
 * forgotten, the database dropped (binary log off). The shell copy does not set up replication;
 * a second shell figure adds that by hand (the dump's GTID from its end, CHANGE MASTER,
 * START SLAVE, catch-up). Ends with n2 a replica of n1 again (db-replica-init with the lab's
 * config), the generated database dropped on both, the tmpfs as it was; then checks table
 * checksums, {@code hactl check} and n2's replication. Run by bench/replica-init.sh; exits 1
 * when a check fails.
 */
public final class ReplicaInitBench {

    /** The shell copy's mariadb-dump options: one consistent snapshot, its GTID in a comment. */
    static final String DUMP = "--single-transaction --master-data=2 --gtid --routines --triggers --events --hex-blob";
    /**
     * The snapshot's GTID in the dump: {@code -- SET GLOBAL gtid_slave_pos='0-1-10';}, which MariaDB 10.11's
     * mariadb-dump writes at the end ("the deferred gtid setting"); its header has only the binlog file and position.
     */
    static final Pattern DUMP_GTID = Pattern.compile("gtid_slave_pos='([^']*)'");
    /** The copy step's result, "1.1 GB in 52.3 s (21.5 MB/s), 4 tables, snapshot at GTID ...": its size. */
    /**
     * A step hactl printed, "   2. n2   copy hactl_demo from n1 (...) ... ok: ... (99 ms)", its progress lines (if
     * any) before the "ok": its first word, ms.
     */
    static final Pattern HACTL_STEP = Pattern.compile("(?m)^ +\\d+\\. \\S+ +(\\S+) [\\s\\S]*?\\((\\d+) ms\\)$");
    static final Pattern HACTL_COPY = Pattern.compile("(\\d+(?:\\.\\d+)? [KMGT]?B) in \\d+\\.\\d s \\([^)]*\\), \\d+"
            + " tables, snapshot at GTID");

    private final BenchData data;
    private final Path hactl;
    private final Path labConfig;
    private String conn;
    /** n2 is the replica the last db-replica-init with the lab's own config made: nothing to put back. */
    private boolean labReplica;

    ReplicaInitBench(Path home, Path work) {
        this.data = new BenchData(work);
        this.hactl = home.resolve("bin/hactl");
        this.labConfig = data.lab.config();
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath();
        long gb = args.length > 1 ? Long.parseLong(args[1]) : 1;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int gbRuns = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        BenchData.exitUnderLock(work -> new ReplicaInitBench(home, work).run(gb, runs, gbRuns));
    }

    int run(long gb, int runs, int gbRuns) throws Exception {
        if (gb < 0 || runs < 1 || gbRuns < 1) {
            System.out.println("usage: bench/replica-init.sh [GB (0: the sample database only)] [RUNS >= 1] [GB_RUNS >= 1]");
            return 3;
        }
        if (!data.lab.status().allUp()) {
            System.out.println("the lab is not all up: run 'sudo bin/hactl lab up' (or 'lab heal') first");
            return 2;
        }
        System.out.println("note: 'shell' is mariadb-dump | mariadb alone: it does NOT set up replication (CHANGE MASTER,"
                + " START SLAVE, catch-up), which hactl's figure includes (with its checks and a db-sync-check at the"
                + " end). '+repl' is the shell copy plus that set up by hand: the dump's GTID read from its end"
                + " (mariadb-dump writes it last; through tee and tail), RESET MASTER, SET GLOBAL gtid_slave_pos, CHANGE MASTER TO ... MASTER_USE_GTID=slave_pos"
                + " (password from a 0600 SQL file), START SLAVE, read_only=ON, wait for both threads and for n1's"
                + " position (MASTER_GTID_WAIT).");
        long originalMb = data.tmpfsMb();
        Path opt = data.clientOptions();
        conn = "--defaults-extra-file=" + opt + " --host=";
        String sample = ConfigLoader.load(labConfig).database().name();
        boolean ok;
        try {
            ok = bench("the lab's sample database", sample, labConfig, runs);
            if (gb > 0) {
                // n1's database and n2's copy, with room to spare
                data.ensureTmpfsRoom(4 * (gb << 30));
                data.generate(gb << 30);
                data.describe();
                ok &= bench("the generated database", DB, configFor(DB), gbRuns);
            }
        } catch (Exception e) {
            System.out.println("FAILED: " + e);
            ok = false;
        } finally {
            putBack(gb > 0, originalMb);
            Files.deleteIfExists(opt);
        }
        return verify(sample) && ok ? 0 : 1;
    }

    /** RUNS times: the shell copy, the shell copy with replication set up by hand, hactl db-replica-init. */
    private boolean bench(String what, String db, Path config, int runs) throws Exception {
        System.out.println();
        System.out.println("== " + what + " " + db + ": " + runs + " runs ==");
        List<double[]> shell = new ArrayList<>();
        List<double[]> withRepl = new ArrayList<>();
        long hwm = 0;
        String moved = "?";
        String steps = "";
        String shellSums = "";
        for (int i = 0; i < runs; i++) {
            newReplica(db);
            createOnN2(db);
            double s = data.timed(List.of("bash", "-c", "set -o pipefail; " + shellCopy(db, ""))).seconds();

            newReplica(db);
            createOnN2(db);
            Path trailer = data.work.resolve("trailer.sql");
            Files.deleteIfExists(trailer);
            double copy = data.timed(List.of("bash", "-c", "set -o pipefail; exec 3> >(tail -c 16384 > " + trailer
                    + "); tp=$!; " + shellCopy(db, " | tee /dev/fd/3") + "; rc=$?; exec 3>&-; wait $tp; exit $rc"))
                    .seconds();
            double repl = copy + replicateByHand(trailer);
            if (i == runs - 1) {
                shellSums = data.checksums("n2", db);
            }

            newReplica(db);
            // the logical method: the figure is hactl's dump against the shell's (the physical one: issue 18's bench)
            Timed h = data.timed(List.of(hactl.toString(), "--config", config.toString(), "db-replica-init", "--node",
                    "n2", "--method", "logical"));
            labReplica = config.equals(labConfig);
            Matcher m = HACTL_COPY.matcher(data.lastOutput());
            moved = m.find() ? m.group(1) : "?";
            steps = steps(data.lastOutput(), h.seconds());
            hwm = Math.max(hwm, h.peakKb());
            shell.add(new double[] {s, h.seconds()});
            withRepl.add(new double[] {repl, h.seconds()});
            System.out.printf(Locale.ROOT, "run %d  shell %7.2f s   +repl %7.2f s   hactl db-replica-init %7.2f s"
                    + "   ratio %.2f (vs +repl %.2f)   (hactl peak RSS %d MB)%n", i + 1, s, repl, h.seconds(),
                    h.seconds() / s, h.seconds() / repl, h.peakKb() / 1024);
        }
        System.out.printf(Locale.ROOT, "median: shell %.2f s, +repl %.2f s, hactl %.2f s; ratio hactl/shell %.2f,"
                + " hactl/+repl %.2f; hactl peak RSS %d MB%n", BenchData.median(BenchData.seconds(shell, 0)),
                BenchData.median(BenchData.seconds(withRepl, 0)), BenchData.median(BenchData.seconds(shell, 1)),
                BenchData.median(BenchData.ratios(shell)), BenchData.median(BenchData.ratios(withRepl)), hwm / 1024);
        System.out.println("hactl's steps, last run: " + steps);
        long bytes = data.bytesOf("mariadb-dump " + conn + N1 + " " + DUMP + " " + db);
        System.out.printf(Locale.ROOT, "SQL moved: %.1f MB (%s: the shell's mariadb-dump of %s, counted apart);"
                + " hactl's copy step: %s%n", bytes / 1048576.0, Progress.bytes(bytes), db, moved);
        String origin = data.checksums("n1", db);
        boolean same = origin.equals(data.checksums("n2", db)) && origin.equals(shellSums);
        System.out.println("checksums of every table of " + db + ", n1 vs n2 after the last hactl run and after the"
                + " last shell copy: " + (same ? "identical" : "DIFFER"));
        return same;
    }

    /** "stop 9 ms, copy 99 ms, ...; the rest 1.62 s (...)": hactl's printed steps and what its run took besides. */
    static String steps(String out, double seconds) {
        StringBuilder b = new StringBuilder();
        long ms = 0;
        Matcher m = HACTL_STEP.matcher(out);
        while (m.find()) {
            b.append(b.isEmpty() ? "" : ", ").append(m.group(1)).append(' ').append(m.group(2)).append(" ms");
            ms += Long.parseLong(m.group(2));
        }
        return b + String.format(Locale.ROOT, "; the rest %.2f s (JVM start, config, checks over SQL and SSH,"
                + " db-sync-check)", seconds - ms / 1000.0);
    }

    private void createOnN2(String db) {
        data.lab.sqlAsRoot("n2", "SET SESSION sql_log_bin=0; CREATE DATABASE " + db);
    }

    /** mariadb-dump of {@code db} on n1 piped (through {@code tee}, if any) into mariadb on n2, binary log off there. */
    private String shellCopy(String db, String tee) {
        return "mariadb-dump " + conn + N1 + " " + DUMP + " " + db + tee + " | mariadb " + conn + N2
                + " --init-command='SET SESSION sql_log_bin=0' " + db;
    }

    /** n2 as a new replica: replication stopped and forgotten, {@code db} dropped (binary log off). */
    private void newReplica(String db) {
        if (!data.lab.replicaStatus("n2").isEmpty()) {
            data.lab.sqlAsRoot("n2", "STOP SLAVE; RESET SLAVE ALL");
        }
        data.drop("n2", db);
        labReplica = false;
    }

    /** Points n2 at n1 from the dump's GTID (from its end), starts it, waits for the threads and catch-up; seconds. */
    private double replicateByHand(Path trailer) throws Exception {
        Matcher m = DUMP_GTID.matcher(Files.readString(trailer));
        Files.delete(trailer);
        if (!m.find()) {
            throw new IllegalStateException("no gtid_slave_pos at the end of the dump (" + trailer + ")");
        }
        return data.replicateN2ByHand(m.group(1), conn);
    }

    /** The lab config with database.name {@code db}: work/hactl-DB.yml, 0600. */
    private Path configFor(String db) throws Exception {
        Path out = data.work.resolve("hactl-" + db + ".yml");
        BenchConfig.secretFile(out, withDatabaseName(Files.readString(labConfig), db));
        String name = ConfigLoader.load(out).database().name();
        if (!name.equals(db)) {
            throw new IllegalStateException(out + ": database.name is " + name + ", not " + db);
        }
        return out;
    }

    /** The config text with the {@code name:} line of its {@code database:} section set to {@code db}. */
    static String withDatabaseName(String yml, String db) {
        Matcher m = Pattern.compile("(?m)^(database:\\n(?:  .*\\n)*?)  name: .*$").matcher(yml);
        if (!m.find()) {
            throw new IllegalStateException("the lab config has no database.name line");
        }
        return m.replaceFirst(Matcher.quoteReplacement(m.group(1) + "  name: " + db));
    }

    /** The lab as it was: the generated database dropped on both, n2 the lab config's replica, the tmpfs size. */
    private void putBack(boolean generated, long originalMb) throws Exception {
        System.out.println();
        if (generated) {
            data.drop("n2", DB);
            data.drop("n1", DB);
            Files.deleteIfExists(data.work.resolve("hactl-" + DB + ".yml"));
        }
        if (!labReplica) {
            Timed t = data.timed(List.of(hactl.toString(), "--config", labConfig.toString(), "db-replica-init", "--node",
                    "n2"));
            System.out.printf(Locale.ROOT, "n2 made the lab's replica again (db-replica-init, lab config): %.2f s%n",
                    t.seconds());
        }
        data.restoreTmpfs(originalMb);
    }

    /** Every table of the sample database the same on both, hactl check 0, n2 replicating from n1. */
    private boolean verify(String sample) throws Exception {
        boolean same = data.checksums("n1", sample).equals(data.checksums("n2", sample));
        Timed check = data.run(List.of(hactl.toString(), "--config", labConfig.toString(), "check"));
        Map<String, String> st = data.lab.replicaStatus("n2");
        boolean replicating = N1.equals(st.get("Master_Host")) && "Yes".equals(st.get("Slave_IO_Running"))
                && "Yes".equals(st.get("Slave_SQL_Running"));
        System.out.println("checksums of every table of " + sample + ", n1 vs n2: " + (same ? "identical" : "DIFFER"));
        System.out.println("hactl check: exit " + check.exit());
        System.out.println("n2 replicating from n1: " + (replicating ? "yes" : "NO") + " (IO " + st.get("Slave_IO_Running")
                + ", SQL " + st.get("Slave_SQL_Running") + ", master " + st.get("Master_Host") + ")");
        if (check.exit() != 0) {
            System.out.print(data.lastOutput());
        }
        return same && check.exit() == 0 && replicating;
    }
}
