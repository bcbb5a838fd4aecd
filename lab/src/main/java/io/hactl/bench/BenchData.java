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

    /** {@link #DB} on n1 with at least {@code targetBytes} of data (kept when it has that much already). */
    void generate(long targetBytes) {
        String have = lab.sqlAsRoot("n1", "SELECT COALESCE(SUM(DATA_LENGTH),0) FROM information_schema.TABLES WHERE"
                + " TABLE_SCHEMA='" + DB + "'").strip();
        if (Long.parseLong(have) >= targetBytes) {
            System.out.println("reusing " + DB + " on n1 (" + (Long.parseLong(have) >> 20) + " MB of data)");
            return;
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
        // ~4/10 orders, ~3/10 events, ~1/10 blobs (random, incompressible), ~2/10 customers: by rows per GB
        long orders = targetBytes / 1_000_000 * 3_600;
        long events = targetBytes / 1_000_000 * 2_000;
        long blobs = targetBytes / 1_000_000 * 55;
        long customers = targetBytes / 1_000_000 * 750;
        fill("orders", orders, step, "SELECT seq, seq % 100003, (seq % 100000) / 100, 1 + seq % 4,"
                + " TIMESTAMP'2020-01-01 00:00:00' + INTERVAL seq SECOND, CONCAT('order ', seq, ' for ', MD5(seq))");
        fill("events", events, step, "SELECT seq, TIMESTAMP'2024-01-01 00:00:00' + INTERVAL seq SECOND,"
                + " ELT(1 + seq % 3, 'view', 'click', 'buy'), JSON_OBJECT('user', seq % 5000, 'path',"
                + " CONCAT('/page/', seq % 977), 'ms', seq % 1000, 'tags', JSON_ARRAY('a', 'b', seq % 7))");
        fill("blobs", blobs, 20_000, "SELECT seq, CONCAT('file-', seq, '.bin'), CONCAT(RANDOM_BYTES(1024), RANDOM_BYTES(1024))");
        fill("customers", customers, step, "SELECT seq, CONCAT('Client ', seq, ' Müller-Ñúñez ✓'), CONCAT('c', seq,"
                + " '@example.com'), DATE'1950-01-01' + INTERVAL (seq % 20000) DAY, seq / 7, seq % 2,"
                + " REPEAT(CONCAT('Lorem ipsum dolor sit amet ', seq % 100, '. '), 8)");
        lab.sqlAsRoot("n1", "USE " + DB + "; ANALYZE NO_WRITE_TO_BINLOG TABLE orders, events, blobs, customers");
        System.out.printf(Locale.ROOT, "generated %s on n1 in %.0f s%n", DB, (System.nanoTime() - t0) / 1e9);
    }

    private void fill(String table, long rows, long step, String select) {
        for (long from = 1; from <= rows; from += step) {
            long to = Math.min(rows, from + step - 1);
            lab.sqlAsRoot("n1", "SET SESSION sql_log_bin=0; USE " + DB + "; INSERT INTO " + table + " " + select
                    + " FROM seq_" + from + "_to_" + to);
        }
    }

    /** Prints the generated database's size and its tables (~rows, data MB, index MB). */
    void describe() {
        String total = lab.sqlAsRoot("n1", "SELECT ROUND(SUM(DATA_LENGTH)/1048576) FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA='" + DB + "'").strip();
        System.out.println("data: " + total + " MB (InnoDB DATA_LENGTH, without indexes)");
        String rows = lab.sqlAsRoot("n1", "SELECT TABLE_NAME, TABLE_ROWS, ROUND(DATA_LENGTH/1048576), ROUND(INDEX_LENGTH/1048576)"
                + " FROM information_schema.TABLES WHERE TABLE_SCHEMA='" + DB + "' ORDER BY 1").strip();
        System.out.println("database " + DB + " on n1 (table, ~rows, data MB, index MB):");
        rows.lines().forEach(r -> System.out.println("  " + r.replace('\t', ' ')));
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
        Timed t = run(argv);
        if (t.exit != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " exited " + t.exit + ":\n" + lastOutput());
        }
        return t;
    }

    /** Runs argv (output to work/last.log), polling /proc/PID/status for VmHWM (peak RSS) of the process. */
    Timed run(List<String> argv) throws IOException, InterruptedException {
        Path log = work.resolve("last.log");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
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
