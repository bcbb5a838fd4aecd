package io.hactl.bench;

import io.hactl.lab.Lab;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the database benches (BackupBench, ReplicaInitBench) share: the lab-test lock, the work
 * directory (/var/tmp/hactl-bench), a generated database of rows of mixed types on n1 (written
 * with the binary log off, so it is not replicated), table checksums, the lab's tmpfs size, a
 * client option file for the hactl user, and child processes timed with their peak memory.
 */
final class BenchData {

    static final String N1 = "198.51.100.11";
    static final String N2 = "198.51.100.12";
    static final String DB = "hactl_bench";

    /** A bench's body: gets the work directory, returns the exit code. */
    interface Body {
        int run(Path work) throws Exception;
    }

    final Lab lab = new Lab(line -> { });
    final Path work;
    /** The lab's hactl user's password file. */
    final Path password;

    BenchData(Path work) {
        this.work = work;
        this.password = lab.dir().resolve("secrets/hactl.password");
    }

    /**
     * Runs {@code body} holding the lab-test lock as the lab tests take it (fcntl; the script
     * takes flock(2) as well: the two kinds do not see each other), then exits with its code.
     */
    static void exitUnderLock(Body body) throws Exception {
        Path lock = Path.of("/run/lock/hactl-lab-tests.lock");
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             var l = ch.lock()) {
            System.exit(body.run(Files.createDirectories(Path.of("/var/tmp/hactl-bench"))));
        }
    }

    /** What a sized bench (--size-mb, --runs, --keep) does once its options are read: true when its figures are whole. */
    interface SizedBench {
        boolean run(Path home, Path work, PhysicalRebuildBench.Args args) throws Exception;
    }

    /**
     * A sized bench's main: {@code args[0]} the checkout, the rest its options (a bad one: its message and exit 3);
     * the bench runs under the lab-test lock and exits 0 when its figures are whole, 1 when not.
     */
    static void sizedMain(String[] args, java.util.function.Function<java.util.List<String>, PhysicalRebuildBench.Args> parse,
                          SizedBench bench) throws Exception {
        Path home = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath();
        PhysicalRebuildBench.Args a;
        try {
            a = parse.apply(java.util.List.of(args).subList(Math.min(1, args.length), args.length));
        } catch (IllegalArgumentException e) {
            System.out.println(e.getMessage());
            System.exit(3);
            return;
        }
        exitUnderLock(work -> bench.run(home, work, a) ? 0 : 1);
    }

    /** Refuses to start a bench on a lab that is not all up. */
    void requireLabUp() {
        if (!lab.status().allUp()) {
            throw new IllegalStateException("the lab is not all up: run 'sudo bin/hactl lab up' (or 'lab heal') first");
        }
    }

    /** The size of the lab's tmpfs, MB. */
    long tmpfsMb() {
        return lab.dir().toFile().getTotalSpace() >> 20;
    }

    /** Grows the lab's tmpfs (mount -o remount) when it has less than {@code need} bytes free. */
    void ensureTmpfsRoom(long need) throws Exception {
        File dir = lab.dir().toFile();
        if (dir.getUsableSpace() < need) {
            long size = (dir.getTotalSpace() - dir.getUsableSpace() + need) >> 20;
            System.out.println("growing the lab's tmpfs to " + size + " MB (mount -o remount)");
            timed(List.of("mount", "-o", "remount,size=" + size + "m", lab.dir().toString()));
        }
    }

    /** Shrinks the lab's tmpfs back to {@code originalMb} when it was grown. */
    void restoreTmpfs(long originalMb) throws Exception {
        if (tmpfsMb() > originalMb) {
            timed(List.of("mount", "-o", "remount,size=" + originalMb + "m", lab.dir().toString()));
            System.out.println("the lab's tmpfs is back to " + originalMb + " MB");
        }
    }

    /**
     * The generator's version, in the database's comment with the size asked for: a database left by another
     * version or for another size is made again, one made by this one for this size is reused.
     */
    static final int GENERATOR = 2;
    /** A blob row's payload: bytes of SHA-512 chains, as incompressible as random bytes, the same every run. */
    static final int BLOB_BYTES = 2048;

    /** What {@link #generate} left on n1, measured. */
    record Generated(boolean reused, double seconds, long dataBytes, long indexBytes, long diskBytes) {
        String describe() {
            return String.format(Locale.ROOT, "%s %s on n1%s: %d MB of data + %d MB of indexes (information_schema),"
                    + " %d MB of files on disk", reused ? "reused" : "generated", DB,
                    reused ? "" : String.format(Locale.ROOT, " in %.0f s", seconds), dataBytes >> 20, indexBytes >> 20,
                    diskBytes >> 20);
        }
    }

    /** The rows per table for about {@code targetBytes} of data: orders ~4/10, events ~3/10, blobs ~1/10, customers ~2/10. */
    record Plan(long orders, long events, long blobs, long customers) {
        static Plan of(long targetBytes) {
            long mb = Math.max(1, targetBytes / 1_000_000);
            return new Plan(mb * 3_600, mb * 2_000, mb * 55, mb * 750);
        }
    }

    /** The database's comment that says who made it and for what size (see {@link #GENERATOR}). */
    static String marker(long targetBytes) {
        return "hactl bench generator " + GENERATOR + ": " + targetBytes + " bytes";
    }

    /**
     * A blob's payload as SQL: {@code bytes / 64} SHA-512 digests of the row's number and the digest's index,
     * concatenated (RANDOM_BYTES would make every run's database, and so every figure's input, another one).
     */
    static String blobExpression(int bytes) {
        StringBuilder b = new StringBuilder("CONCAT(");
        for (int i = 0; i < bytes / 64; i++) {
            b.append(i == 0 ? "" : ", ").append("UNHEX(SHA2(CONCAT(seq, '.").append(i).append("'), 512))");
        }
        return b.append(')').toString();
    }

    /** {@link #generate(long)}, printing what it found or made. */
    void generate(long targetBytes) {
        System.out.println(generated(targetBytes).describe());
    }

    /**
     * {@link #DB} on n1 with about {@code targetBytes} of data, the binary log off (not replicated): made on the
     * server itself, {@code INSERT ... SELECT} from the sequence engine, 250 000 rows a statement (no byte crosses
     * the network: faster than LOAD DATA or multi-row INSERTs from the host), every value a function of the row's
     * number (the same database every run). Kept when this generator made it for this size already
     * ({@link #marker}). Its size is measured afterwards, not taken from the plan.
     */
    Generated generated(long targetBytes) {
        String comment = lab.sqlAsRoot("n1", "SELECT COALESCE(MAX(SCHEMA_COMMENT), '') FROM information_schema.SCHEMATA"
                + " WHERE SCHEMA_NAME='" + DB + "'").strip();
        if (comment.equals(marker(targetBytes))) {
            return measured(true, 0);
        }
        long t0 = System.nanoTime();
        lab.sqlAsRoot("n1", "SET SESSION sql_log_bin=0; DROP DATABASE IF EXISTS " + DB + "; CREATE DATABASE " + DB + ";"
                + " USE " + DB + ";"
                + " CREATE TABLE orders (id BIGINT PRIMARY KEY, customer INT NOT NULL, amount DECIMAL(12,2),"
                + "   status ENUM('new','paid','shipped','cancelled'), created DATETIME(6), note VARCHAR(200), KEY (customer));"
                + " CREATE TABLE events (id BIGINT PRIMARY KEY, ts TIMESTAMP(3) NULL, kind VARCHAR(20), payload JSON);"
                + " CREATE TABLE blobs (id INT PRIMARY KEY, name VARCHAR(64), data MEDIUMBLOB);"
                + " CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(100) CHARACTER SET utf8mb4, email VARCHAR(100),"
                + "   born DATE, score DOUBLE, vip BIT(1), bio TEXT);"
                + " CREATE VIEW paid AS SELECT id, amount FROM orders WHERE status = 'paid';"
                + " CREATE PROCEDURE order_count() SELECT COUNT(*) FROM orders;");
        long step = 250_000;
        Plan plan = Plan.of(targetBytes);
        fill("orders", plan.orders(), step, "SELECT seq, seq % 100003, (seq % 100000) / 100, 1 + seq % 4,"
                + " TIMESTAMP'2020-01-01 00:00:00' + INTERVAL seq SECOND, CONCAT('order ', seq, ' for ', MD5(seq))");
        fill("events", plan.events(), step, "SELECT seq, TIMESTAMP'2024-01-01 00:00:00' + INTERVAL seq SECOND,"
                + " ELT(1 + seq % 3, 'view', 'click', 'buy'), JSON_OBJECT('user', seq % 5000, 'path',"
                + " CONCAT('/page/', seq % 977), 'ms', seq % 1000, 'tags', JSON_ARRAY('a', 'b', seq % 7))");
        fill("blobs", plan.blobs(), 20_000, "SELECT seq, CONCAT('file-', seq, '.bin'), " + blobExpression(BLOB_BYTES));
        fill("customers", plan.customers(), step, "SELECT seq, CONCAT('Client ', seq, ' Müller-Ñúñez ✓'), CONCAT('c', seq,"
                + " '@example.com'), DATE'1950-01-01' + INTERVAL (seq % 20000) DAY, seq / 7, seq % 2,"
                + " REPEAT(CONCAT('Lorem ipsum dolor sit amet ', seq % 100, '. '), 8)");
        lab.sqlAsRoot("n1", finish(targetBytes));
        return measured(false, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The generation's last statements, the tables' statistics and then the marker, the binary log off as for the
     * rest: n2 has no such database, and an ALTER DATABASE replicated to it stops its SQL thread.
     */
    static String finish(long targetBytes) {
        return "SET SESSION sql_log_bin=0; USE " + DB + ";"
                + " ANALYZE NO_WRITE_TO_BINLOG TABLE orders, events, blobs, customers;"
                + " ALTER DATABASE " + DB + " COMMENT '" + marker(targetBytes) + "'";
    }

    /** The database's size as the server counts it (data, indexes) and as its files take on n1's disk. */
    private Generated measured(boolean reused, double seconds) {
        String[] f = lab.sqlAsRoot("n1", "SELECT COALESCE(SUM(DATA_LENGTH),0), COALESCE(SUM(INDEX_LENGTH),0) FROM"
                + " information_schema.TABLES WHERE TABLE_SCHEMA='" + DB + "'").strip().split("\\s+");
        String datadir = lab.sqlAsRoot("n1", "SELECT @@datadir").strip();
        long disk = 0;
        try (var files = Files.walk(Path.of(datadir, DB))) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                disk += Files.size(p);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot measure " + datadir + DB + " (the lab's datadir of n1, read from"
                    + " this machine): " + e.getMessage(), e);
        }
        return new Generated(reused, seconds, Long.parseLong(f[0]), Long.parseLong(f[1]), disk);
    }

    private void fill(String table, long rows, long step, String select) {
        for (long from = 1; from <= rows; from += step) {
            long to = Math.min(rows, from + step - 1);
            lab.sqlAsRoot("n1", "SET SESSION sql_log_bin=0; USE " + DB + "; INSERT INTO " + table + " " + select
                    + " FROM seq_" + from + "_to_" + to);
        }
    }

    /** Prints the generated database's tables (~rows, data MB, index MB). */
    void describe() {
        String rows = lab.sqlAsRoot("n1", "SELECT TABLE_NAME, TABLE_ROWS, ROUND(DATA_LENGTH/1048576), ROUND(INDEX_LENGTH/1048576)"
                + " FROM information_schema.TABLES WHERE TABLE_SCHEMA='" + DB + "' ORDER BY 1").strip();
        System.out.println("database " + DB + " on n1 (table, ~rows, data MB, index MB):");
        rows.lines().forEach(r -> System.out.println("  " + r.replace('\t', ' ')));
    }

    /**
     * n2 pointed at n1 by hand from {@code gtid}, as an operator would type it: RESET MASTER, SET GLOBAL
     * gtid_slave_pos, CHANGE MASTER TO ... MASTER_USE_GTID=slave_pos (the password from a 0600 SQL file, never a
     * command line), START SLAVE, read_only=ON; then waits for both threads and for n1's position
     * (MASTER_GTID_WAIT). {@code conn}: the client's options up to {@code --host=}. Seconds it took.
     */
    double replicateN2ByHand(String gtid, String conn) throws Exception {
        String password = Files.readString(lab.dir().resolve("secrets/repl.password")).strip()
                .replace("\\", "\\\\").replace("'", "\\'");
        Path setup = work.resolve("replicate.sql");
        BenchConfig.secretFile(setup, "RESET MASTER;\nSET GLOBAL gtid_slave_pos='" + gtid
                + "';\nCHANGE MASTER TO MASTER_HOST='" + N1 + "', MASTER_PORT=3306, MASTER_USER='repl', MASTER_PASSWORD='"
                + password + "', MASTER_USE_GTID=slave_pos;\nSTART SLAVE;\nSET GLOBAL read_only=ON;\n");
        try {
            String n2 = "mariadb " + conn + N2;
            return timed(List.of("bash", "-c", "set -euo pipefail; " + n2 + " < " + setup + ";"
                    + " for i in $(seq 300); do s=$(" + n2 + " -e 'SHOW SLAVE STATUS\\G');"
                    + "   if grep -q 'Slave_IO_Running: Yes' <<<\"$s\" && grep -q 'Slave_SQL_Running: Yes' <<<\"$s\"; then"
                    + "     break; fi;"
                    + "   if [ $i = 300 ]; then echo \"the replication threads do not run in 30 s: $s\"; exit 1; fi;"
                    + "   sleep 0.1; done;"
                    + " pos=$(mariadb " + conn + N1 + " -N -e 'SELECT @@gtid_binlog_pos');"
                    + " r=$(" + n2 + " -N -e \"SELECT MASTER_GTID_WAIT('$pos', 60)\");"
                    + " if [ \"$r\" != 0 ]; then echo \"n2 did not reach n1's $pos in 60 s\"; exit 1; fi")).seconds();
        } finally {
            Files.deleteIfExists(setup);
        }
    }

    /**
     * {@code ssh} to a lab node as hactl reaches it (root, the lab's key and known_hosts, no prompt), for a
     * shell command line: {@code ssh ... root@ADDRESS}.
     */
    String ssh(String address) {
        Path d = lab.dir().resolve("ssh");
        return "ssh -i " + d.resolve("id_ed25519") + " -o UserKnownHostsFile=" + d.resolve("known_hosts")
                + " -o BatchMode=yes -o StrictHostKeyChecking=yes root@" + address;
    }

    /** Writes work/client.cnf (0600: [client] user hactl and its password) and returns it. */
    Path clientOptions() throws IOException {
        Path opt = work.resolve("client.cnf");
        BenchConfig.secretFile(opt, "[client]\nuser=hactl\npassword=\"" + Files.readString(password).strip() + "\"\n");
        return opt;
    }

    /** DROP DATABASE IF EXISTS on the node, binary log off. */
    void drop(String node, String db) {
        lab.sqlAsRoot(node, "SET SESSION sql_log_bin=0; DROP DATABASE IF EXISTS " + db);
    }

    /** CHECKSUM TABLE of every base table of {@code db} on the node: "table=checksum ...", or "(no tables)". */
    String checksums(String node, String db) {
        String tables = lab.sqlAsRoot(node, "SELECT GROUP_CONCAT(CONCAT('`" + db + "`.`', TABLE_NAME, '`') ORDER BY"
                + " TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA='" + db + "' AND TABLE_TYPE='BASE TABLE'")
                .strip();
        if (tables.isEmpty() || tables.equals("NULL")) {
            return "(no tables)";
        }
        StringBuilder b = new StringBuilder();
        for (String line : lab.sqlAsRoot(node, "CHECKSUM TABLE " + tables).strip().split("\n")) {
            String[] f = line.split("\t");
            b.append(f[0].substring(f[0].indexOf('.') + 1)).append('=').append(f[1]).append(' ');
        }
        return b.toString();
    }

    /** The number of bytes the shell pipeline writes (bash -c "PIPELINE | wc -c"). */
    long bytesOf(String pipeline) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "set -o pipefail; " + pipeline + " | wc -c").start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(pipeline + " exited " + p.exitValue() + ": "
                    + new String(p.getErrorStream().readAllBytes()));
        }
        return Long.parseLong(out);
    }

    /** The median of the values. */
    static double median(List<Double> values) {
        List<Double> r = values.stream().sorted().toList();
        return r.size() % 2 == 1 ? r.get(r.size() / 2) : (r.get(r.size() / 2 - 1) + r.get(r.size() / 2)) / 2;
    }

    /** hactl's time over the baseline's, each run ({@code {baseline, hactl}} seconds). */
    static List<Double> ratios(List<double[]> runs) {
        return runs.stream().map(x -> x[1] / x[0]).toList();
    }

    record Timed(double seconds, long peakKb, int exit) {
    }

    /** Runs argv ({@link #run}); throws with its output when it exits non-zero. */
    Timed timed(List<String> argv) throws IOException, InterruptedException {
        return timed(argv, Map.of());
    }

    /** As {@link #timed(List)}, with {@code env} added to the process's environment. */
    Timed timed(List<String> argv, Map<String, String> env) throws IOException, InterruptedException {
        Timed t = run(argv, env);
        if (t.exit != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " exited " + t.exit + ":\n" + lastOutput());
        }
        return t;
    }

    /** Runs argv (output to work/last.log), polling /proc/PID/status for VmHWM (peak RSS) of the process. */
    Timed run(List<String> argv) throws IOException, InterruptedException {
        return run(argv, Map.of());
    }

    /** As {@link #run(List)}, with {@code env} added to the process's environment. */
    Timed run(List<String> argv, Map<String, String> env) throws IOException, InterruptedException {
        Path log = work.resolve("last.log");
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        long hwm = 0;
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        while (p.isAlive()) {
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmHWM:")) {
                        hwm = Math.max(hwm, Long.parseLong(line.replaceAll("[^0-9]", "")));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // ended
            }
            Thread.sleep(50);
        }
        return new Timed((System.nanoTime() - t0) / 1e9, hwm, p.exitValue());
    }

    /** What the last {@link #run} printed. */
    String lastOutput() throws IOException {
        return Files.readString(work.resolve("last.log"));
    }

    static List<Double> seconds(List<double[]> runs, int column) {
        List<Double> s = new ArrayList<>();
        runs.forEach(r -> s.add(r[column]));
        return s;
    }
}
