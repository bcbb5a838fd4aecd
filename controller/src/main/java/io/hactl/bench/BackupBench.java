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
 * hactl db-backup vs {@code mariadb-dump | gzip}, and hactl db-copy vs {@code mariadb-dump |
 * mariadb}, side by side on the lab, on a generated database of at least 1 GB of rows of
 * mixed types (n1, written with the binary log off so it is not replicated). Also the
 * restore of hactl's dump (round trip, checksums compared) and hactl's peak memory (VmHWM).
 * Run by bench/backup.sh. Prints figures; exits 1 when a round trip differs.
 */
public final class BackupBench {

    static final String N1 = "198.51.100.11";
    static final String N2 = "198.51.100.12";
    static final String DB = "hactl_bench";
    static final List<String> DUMP_OPTIONS = List.of("--single-transaction", "--routines", "--triggers", "--events",
            "--hex-blob", "--default-character-set=utf8mb4", "--max-allowed-packet=1G", "--master-data=2", "--gtid");

    private final Lab lab = new Lab(line -> { });
    private final Path hactl;
    private final Path work;
    private final Path password;
    private final long targetBytes;

    BackupBench(Path home, Path work, long targetBytes) {
        this.hactl = home.resolve("bin/hactl");
        this.work = work;
        this.password = lab.dir().resolve("secrets/hactl.password");
        this.targetBytes = targetBytes;
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath();
        long gb = args.length > 1 ? Long.parseLong(args[1]) : 1;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        boolean keep = args.length > 3 && args[3].equals("keep");
        Path lock = Path.of("/run/lock/hactl-lab-tests.lock");
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             var l = ch.lock()) {
            Path work = Files.createDirectories(Path.of("/var/tmp/hactl-bench"));
            BackupBench b = new BackupBench(home, work, gb << 30);
            System.exit(b.run(runs, keep));
        }
    }

    int run(int runs, boolean keep) throws Exception {
        if (!lab.status().allUp()) {
            System.out.println("the lab is not all up: run 'sudo bin/hactl lab up' (or 'lab heal') first");
            return 2;
        }
        long originalMb = lab.dir().toFile().getTotalSpace() >> 20;
        ensureTmpfsRoom();
        generate();
        String total = lab.sqlAsRoot("n1", "SELECT ROUND(SUM(DATA_LENGTH)/1048576) FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA='" + DB + "'").strip();
        System.out.println("data: " + total + " MB (InnoDB DATA_LENGTH, without indexes)");
        String rows = lab.sqlAsRoot("n1", "SELECT TABLE_NAME, TABLE_ROWS, ROUND(DATA_LENGTH/1048576), ROUND(INDEX_LENGTH/1048576)"
                + " FROM information_schema.TABLES WHERE TABLE_SCHEMA='" + DB + "' ORDER BY 1").strip();
        System.out.println("database " + DB + " on n1 (table, ~rows, data MB, index MB):");
        rows.lines().forEach(r -> System.out.println("  " + r.replace('\t', ' ')));
        Path opt = work.resolve("client.cnf");
        Files.writeString(opt, "[client]\nuser=hactl\npassword=\"" + Files.readString(password).strip() + "\"\n");
        Files.setPosixFilePermissions(opt, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        String conn = "--defaults-extra-file=" + opt + " --host=";
        String dumpOpts = String.join(" ", DUMP_OPTIONS);

        List<double[]> backup = new ArrayList<>();
        List<double[]> copy = new ArrayList<>();
        long dumpGz = 0;
        long dumpZst = 0;
        long hwmBackup = 0;
        long hwmCopy = 0;
        for (int i = 0; i < runs; i++) {
            Files.deleteIfExists(work.resolve("base.sql.gz"));
            Files.deleteIfExists(work.resolve("hactl.sql.zst"));
            double base = timed(List.of("bash", "-c", "set -o pipefail; mariadb-dump " + conn + N1 + " " + dumpOpts + " "
                    + DB + " | gzip > " + work.resolve("base.sql.gz"))).seconds;
            Timed h = timed(List.of(hactl.toString(), "db-backup", "-f", work.resolve("hactl.sql.zst").toString(), "-h",
                    N1, "-u", "hactl", "--password-file", password.toString(), "-D", DB, "--reason", "bench"));
            backup.add(new double[] {base, h.seconds});
            hwmBackup = Math.max(hwmBackup, h.peakKb);
            dumpGz = Files.size(work.resolve("base.sql.gz"));
            dumpZst = Files.size(work.resolve("hactl.sql.zst"));
            System.out.printf(Locale.ROOT, "run %d  backup:  mariadb-dump | gzip %7.1f s   hactl db-backup %7.1f s"
                    + "   ratio %.2f   (hactl peak RSS %d MB)%n", i + 1, base, h.seconds, h.seconds / base, h.peakKb / 1024);

            dropOnN2("hactl_bench_base");
            dropOnN2("hactl_bench_copy");
            lab.sqlAsRoot("n2", "SET SESSION sql_log_bin=0; CREATE DATABASE hactl_bench_base");
            double cb = timed(List.of("bash", "-c", "set -o pipefail; mariadb-dump " + conn + N1 + " " + dumpOpts + " "
                    + DB + " | mariadb " + conn + N2 + " --init-command='SET SESSION sql_log_bin=0' hactl_bench_base"))
                    .seconds;
            Timed c = timed(List.of(hactl.toString(), "db-copy", "--origin-user", "hactl", "--origin-password-file",
                    password.toString(), "--origin-host", N1, "--origin-database", DB, "--destination-user", "hactl",
                    "--destination-password-file", password.toString(), "--destination-host", N2,
                    "--destination-database", "hactl_bench_copy", "--reason", "bench"));
            copy.add(new double[] {cb, c.seconds});
            hwmCopy = Math.max(hwmCopy, c.peakKb);
            System.out.printf(Locale.ROOT, "run %d  copy:    mariadb-dump | mariadb %5.1f s   hactl db-copy %9.1f s"
                    + "   ratio %.2f   (hactl peak RSS %d MB)%n", i + 1, cb, c.seconds, c.seconds / cb, c.peakKb / 1024);
        }
        long raw = rawSize(work.resolve("base.sql.gz"));
        System.out.printf(Locale.ROOT, "dump: %d MB of SQL; gzip -6 file %d MB; hactl zstd -3 file %d MB%n",
                raw >> 20, dumpGz >> 20, dumpZst >> 20);

        dropOnN2("hactl_bench_rt");
        Timed rt = timed(List.of(hactl.toString(), "db-restore", "-f", work.resolve("hactl.sql.zst").toString(), "-h", N2,
                "-u", "hactl", "--password-file", password.toString(), "-D", "hactl_bench_rt", "--create", "--force",
                "--reason", "bench"));
        System.out.printf(Locale.ROOT, "restore of hactl's dump (into n2, --force, binlog off): %.1f s, peak RSS %d MB%n",
                rt.seconds, rt.peakKb / 1024);
        String origin = checksums("n1", DB);
        boolean same = origin.equals(checksums("n2", "hactl_bench_rt")) && origin.equals(checksums("n2", "hactl_bench_copy"))
                && origin.equals(checksums("n2", "hactl_bench_base"));
        System.out.println("checksums (n1 origin vs n2 restore, hactl copy, shell copy): " + (same ? "identical" : "DIFFER"));
        System.out.printf(Locale.ROOT, "median backup ratio %.2f (goal <= 0.70), median copy ratio %.2f (goal <= 1.00),"
                + " hactl peak RSS backup %d MB, copy %d MB%n", median(backup), median(copy), hwmBackup / 1024,
                hwmCopy / 1024);
        dropOnN2("hactl_bench_rt");
        dropOnN2("hactl_bench_copy");
        dropOnN2("hactl_bench_base");
        if (!keep) {
            lab.sqlAsRoot("n1", "SET SESSION sql_log_bin=0; DROP DATABASE IF EXISTS " + DB);
        }
        Files.deleteIfExists(opt);
        if (!keep && (lab.dir().toFile().getTotalSpace() >> 20) > originalMb) {
            timed(List.of("mount", "-o", "remount,size=" + originalMb + "m", lab.dir().toString()));
            System.out.println("the lab's tmpfs is back to " + originalMb + " MB");
        }
        return same ? 0 : 1;
    }

    static double median(List<double[]> runs) {
        List<Double> r = new ArrayList<>(runs.stream().map(x -> x[1] / x[0]).sorted().toList());
        return r.size() % 2 == 1 ? r.get(r.size() / 2) : (r.get(r.size() / 2 - 1) + r.get(r.size() / 2)) / 2;
    }

    /** The lab's tmpfs holds the database about four times (n1, two copies and a restore on n2): grow it if needed. */
    void ensureTmpfsRoom() throws Exception {
        File dir = lab.dir().toFile();
        long need = 6 * targetBytes;
        if (dir.getUsableSpace() < need) {
            long size = (dir.getTotalSpace() - dir.getUsableSpace() + need) >> 20;
            System.out.println("growing the lab's tmpfs to " + size + " MB (mount -o remount)");
            timed(List.of("mount", "-o", "remount,size=" + size + "m", lab.dir().toString()));
        }
    }

    void generate() {
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

    private void dropOnN2(String db) {
        lab.sqlAsRoot("n2", "SET SESSION sql_log_bin=0; DROP DATABASE IF EXISTS " + db);
    }

    private String checksums(String node, String db) {
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

    private long rawSize(Path gz) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "gzip -dc " + gz + " | wc -c").start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor();
        return Long.parseLong(out);
    }

    record Timed(double seconds, long peakKb, int exit) {
    }

    /** Runs argv (output to a log), polling /proc/PID/status for VmHWM (peak RSS) of the process. */
    private Timed timed(List<String> argv) throws IOException, InterruptedException {
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
        double s = (System.nanoTime() - t0) / 1e9;
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " exited " + p.exitValue() + ":\n"
                    + Files.readString(log));
        }
        return new Timed(s, hwm, p.exitValue());
    }
}
