package io.hactl.bench;

import static io.hactl.bench.BenchData.DB;
import static io.hactl.bench.BenchData.N1;
import static io.hactl.bench.BenchData.N2;

import io.hactl.bench.BenchData.Timed;
import java.nio.file.Files;
import java.nio.file.Path;
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

    static final List<String> DUMP_OPTIONS = List.of("--single-transaction", "--routines", "--triggers", "--events",
            "--hex-blob", "--default-character-set=utf8mb4", "--max-allowed-packet=1G", "--master-data=2", "--gtid");

    private final BenchData data;
    private final Path hactl;
    private final Path work;
    private final Path password;
    private final long targetBytes;

    BackupBench(Path home, Path work, long targetBytes) {
        this.data = new BenchData(work);
        this.hactl = home.resolve("bin/hactl");
        this.work = work;
        this.password = data.password;
        this.targetBytes = targetBytes;
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath();
        long gb = args.length > 1 ? Long.parseLong(args[1]) : 1;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        boolean keep = args.length > 3 && args[3].equals("keep");
        BenchData.exitUnderLock(work -> new BackupBench(home, work, gb << 30).run(runs, keep));
    }

    int run(int runs, boolean keep) throws Exception {
        if (!data.lab.status().allUp()) {
            System.out.println("the lab is not all up: run 'sudo bin/hactl lab up' (or 'lab heal') first");
            return 2;
        }
        long originalMb = data.tmpfsMb();
        // the lab's tmpfs holds the database about four times (n1, two copies and a restore on n2)
        data.ensureTmpfsRoom(6 * targetBytes);
        data.generate(targetBytes);
        data.describe();
        Path opt = data.clientOptions();
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
            double base = data.timed(List.of("bash", "-c", "set -o pipefail; mariadb-dump " + conn + N1 + " " + dumpOpts + " "
                    + DB + " | gzip > " + work.resolve("base.sql.gz"))).seconds();
            Timed h = data.timed(List.of(hactl.toString(), "--config", data.lab.config().toString(), "db-backup", "-f",
                    work.resolve("hactl.sql.zst").toString(), "-h", N1, "-u", "hactl", "--password-file", password.toString(), "-D", DB, "--reason", "bench"));
            backup.add(new double[] {base, h.seconds()});
            hwmBackup = Math.max(hwmBackup, h.peakKb());
            dumpGz = Files.size(work.resolve("base.sql.gz"));
            dumpZst = Files.size(work.resolve("hactl.sql.zst"));
            System.out.printf(Locale.ROOT, "run %d  backup:  mariadb-dump | gzip %7.1f s   hactl db-backup %7.1f s"
                    + "   ratio %.2f   (hactl peak RSS %d MB)%n", i + 1, base, h.seconds(), h.seconds() / base, h.peakKb() / 1024);

            data.drop("n2", "hactl_bench_base");
            data.drop("n2", "hactl_bench_copy");
            data.lab.sqlAsRoot("n2", "SET SESSION sql_log_bin=0; CREATE DATABASE hactl_bench_base");
            double cb = data.timed(List.of("bash", "-c", "set -o pipefail; mariadb-dump " + conn + N1 + " " + dumpOpts + " "
                    + DB + " | mariadb " + conn + N2 + " --init-command='SET SESSION sql_log_bin=0' hactl_bench_base"))
                    .seconds();
            Timed c = data.timed(List.of(hactl.toString(), "--config", data.lab.config().toString(), "db-copy",
                    "--origin-user", "hactl", "--origin-password-file",
                    password.toString(), "--origin-host", N1, "--origin-database", DB, "--destination-user", "hactl",
                    "--destination-password-file", password.toString(), "--destination-host", N2,
                    "--destination-database", "hactl_bench_copy", "--reason", "bench"));
            copy.add(new double[] {cb, c.seconds()});
            hwmCopy = Math.max(hwmCopy, c.peakKb());
            System.out.printf(Locale.ROOT, "run %d  copy:    mariadb-dump | mariadb %5.1f s   hactl db-copy %9.1f s"
                    + "   ratio %.2f   (hactl peak RSS %d MB)%n", i + 1, cb, c.seconds(), c.seconds() / cb, c.peakKb() / 1024);
        }
        long raw = data.bytesOf("gzip -dc " + work.resolve("base.sql.gz"));
        System.out.printf(Locale.ROOT, "dump: %d MB of SQL; gzip -6 file %d MB; hactl zstd -3 file %d MB%n",
                raw >> 20, dumpGz >> 20, dumpZst >> 20);

        data.drop("n2", "hactl_bench_rt");
        Timed rt = data.timed(List.of(hactl.toString(), "--config", data.lab.config().toString(), "db-restore", "-f",
                work.resolve("hactl.sql.zst").toString(), "-h", N2, "-u", "hactl", "--password-file", password.toString(), "-D", "hactl_bench_rt", "--create", "--force",
                "--reason", "bench"));
        System.out.printf(Locale.ROOT, "restore of hactl's dump (into n2, --force, binlog off): %.1f s, peak RSS %d MB%n",
                rt.seconds(), rt.peakKb() / 1024);
        String origin = data.checksums("n1", DB);
        boolean same = origin.equals(data.checksums("n2", "hactl_bench_rt"))
                && origin.equals(data.checksums("n2", "hactl_bench_copy"))
                && origin.equals(data.checksums("n2", "hactl_bench_base"));
        System.out.println("checksums (n1 origin vs n2 restore, hactl copy, shell copy): " + (same ? "identical" : "DIFFER"));
        System.out.printf(Locale.ROOT, "median backup ratio %.2f (goal <= 0.70), median copy ratio %.2f (goal <= 1.00),"
                + " hactl peak RSS backup %d MB, copy %d MB%n", BenchData.median(BenchData.ratios(backup)),
                BenchData.median(BenchData.ratios(copy)), hwmBackup / 1024, hwmCopy / 1024);
        data.drop("n2", "hactl_bench_rt");
        data.drop("n2", "hactl_bench_copy");
        data.drop("n2", "hactl_bench_base");
        Files.deleteIfExists(opt);
        if (!keep) {
            data.drop("n1", DB);
            data.restoreTmpfs(originalMb);
        }
        return same ? 0 : 1;
    }
}
