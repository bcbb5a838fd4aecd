package io.hactl.bench;

import io.hactl.lab.Lab;
import io.hactl.lab.LabException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * bench/torture.sh (issue 13): does hactl lose an acknowledged write, or call an unsafe pair
 * healthy? First N planned switchovers back and forth under two writers (the application's
 * account and a privileged one) with the read_only and ARP samplers, and the checker
 * ({@link SwitchoverPhase}); then the fault matrix ({@link FaultMatrix}), each row under the
 * writers with a controller of its own, acknowledged where the row says so, always healed
 * ({@link FaultRun}). Prints as it goes, writes the Markdown results ({@link TortureReport})
 * and each part's log under the results directory. The lab is healed at the start, between
 * rows and at the end, whatever happened.
 *
 * <pre>java -cp hactl.jar:lib/* io.hactl.bench.TortureBench [--switchovers 100] [--faults all|none|1,5,14]
 *     [--config /var/lib/hactl-lab/hactl.yml] [--results DIR]</pre>
 * Exit 0 when every expectation held, 1 when one did not, 3 on bad usage.
 */
public final class TortureBench {

    /** What the run showed; {@code switchovers} null when none were asked for. */
    record Result(SwitchoverPhase.Figures switchovers, List<FaultRun.Result> faults, String markdown) {
        boolean pass() {
            return (switchovers == null || switchovers.pass()) && faults.stream().allMatch(FaultRun.Result::pass);
        }
    }

    private TortureBench() {
    }

    public static void main(String[] args) throws Exception {
        int switchovers = 100;
        String faults = "all";
        Path config = Path.of("/var/lib/hactl-lab/hactl.yml");
        Path results = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--switchovers" -> switchovers = Integer.parseInt(args[++i]);
                    case "--faults" -> faults = args[++i];
                    case "--config" -> config = Path.of(args[++i]);
                    case "--results" -> results = Path.of(args[++i]);
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (switchovers < 0) {
                throw new IllegalArgumentException("--switchovers " + switchovers + ": a count, 0 or more");
            }
        } catch (RuntimeException e) {
            System.err.println("TortureBench: " + e.getMessage() + "\nusage: TortureBench [--switchovers N]"
                    + " [--faults all|none|1,5,14] [--config FILE] [--results DIR]");
            System.exit(3);
            return;
        }
        List<FaultCase> rows;
        try {
            rows = faults(faults);
        } catch (IllegalArgumentException e) {
            System.err.println("TortureBench: --faults " + faults + ": " + e.getMessage()
                    + "; give all, none, or row numbers such as 1,5,14");
            System.exit(3);
            return;
        }
        if (results == null) {
            results = Path.of("bench/results/torture-" + java.time.Instant.now().toString().replace(":", ""));
        }
        // the notifiers' and operations' log lines go to each row's controller log, not to the figures
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.hactl"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        var c = config;
        int n = switchovers;
        var which = rows;
        var out = results;
        int rc = BenchLock.holding(() -> {
            Result r = run(new Lab(), c, n, which, out, System.out::println);
            System.out.println();
            System.out.println(r.markdown());
            return r.pass() ? 0 : 1;
        });
        System.exit(rc);
    }

    /** "all", "none" or "1,5,14". */
    static List<FaultCase> faults(String spec) {
        if (spec.equals("all")) {
            return FaultMatrix.all();
        }
        if (spec.equals("none")) {
            return List.of();
        }
        List<Integer> numbers = new ArrayList<>();
        for (String s : spec.split(",")) {
            try {
                numbers.add(Integer.parseInt(s.strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "' is not a row number");
            }
        }
        return FaultMatrix.select(numbers);
    }

    /**
     * The whole run; {@code results} gets switchovers.log, fault-NN.log (each row's controller)
     * and results.md. The caller holds the lab (a test's LabExtension, or main's lock).
     */
    static Result run(Lab lab, Path labConfig, int switchovers, List<FaultCase> rows, Path results,
                      Consumer<String> progress) throws Exception {
        Files.createDirectories(results);
        Path work = Files.createTempDirectory("hactl-torture-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        SwitchoverPhase.Figures figures = null;
        List<FaultRun.Result> done = new ArrayList<>();
        try {
            // comparable runs on a lab that stays up: the rows of earlier runs go (replicated, one statement)
            List<String> healed = lab.heal();
            progress.accept("heal: " + (healed.isEmpty() ? "already at baseline" : String.join("; ", healed)));
            lab.sqlAsRoot("n1", NumberedWriter.TABLE_DDL + "; TRUNCATE TABLE hactl_demo.switch_writes");
            if (switchovers > 0) {
                figures = new SwitchoverPhase(lab, labConfig, work, results, progress).run(switchovers);
            }
            for (FaultCase f : rows) {
                progress.accept(String.format(Locale.ROOT, "fault %d: %s", f.number(), f.name()));
                progress.accept("  expected: " + f.expectation());
                FaultRun.Result r = new FaultRun(lab, labConfig, work, results).run(f);
                progress.accept("  seen:     " + r.seen());
                progress.accept("  rows lost " + r.lost() + " (allowed " + r.allowedLost() + "): "
                        + (r.pass() ? "pass" : "FAIL: " + String.join("; ", r.failures())));
                r.notes().forEach(n -> progress.accept("    " + n));
                done.add(r);
            }
        } finally {
            try {
                List<String> healed = lab.heal();
                progress.accept("heal at the end: " + (healed.isEmpty() ? "already at baseline" : String.join("; ", healed)));
            } catch (LabException e) {
                progress.accept("heal at the end FAILED: " + e.getMessage());
            }
            deleteTree(work);
        }
        String md = TortureReport.markdown(figures, done);
        Files.writeString(results.resolve("results.md"), md, StandardCharsets.UTF_8);
        return new Result(figures, List.copyOf(done), md);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
