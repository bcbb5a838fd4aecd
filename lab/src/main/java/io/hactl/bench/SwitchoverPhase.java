package io.hactl.bench;

import io.hactl.cli.Main;
import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.lab.Lab;
import io.hactl.lab.LabNetwork;
import io.hactl.lab.LabNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The torture run's first part: N planned switchovers back and forth ({@code hactl
 * db-master-set --node X}, in this JVM as an operator's command runs, over a copy of the lab
 * config with its own state directory) while the two writers insert through the DB VIP and
 * the samplers watch read_only on both nodes and who answers ARP for the VIP. Then the
 * checker: every acknowledged id on the final master exactly once, equal checksums, equal
 * GTIDs. Three failed switchovers in a row end the phase early (the pair is then in a state
 * a switchover cannot leave).
 */
final class SwitchoverPhase {

    static final int GIVE_UP_AFTER = 3;
    static final Duration RESUME = Duration.ofSeconds(30);

    /**
     * What the switchovers showed.
     *
     * @param asked       switchovers asked for
     * @param ran         run (fewer when the phase ended early)
     * @param done        that ended with exit 0
     * @param failures    each failed one: "switchover 7 to n2: exit 1: ...", and writes that did not resume
     * @param gapsMs      per switchover, the longest time no write of either writer succeeded
     * @param commandMs   per switchover, the command's wall time
     * @param twoWritable proven instants of two writable nodes
     * @param twoMacs     ARP rounds answered by two MACs
     * @param verdict     the checker's
     */
    record Figures(int asked, int ran, int done, List<String> failures, List<Long> gapsMs, List<Long> commandMs,
                   long twoWritable, long twoMacs, long arpRounds, long roSamples, TortureChecker.Verdict verdict,
                   Duration took) {

        boolean pass() {
            return done == asked && failures.isEmpty() && twoWritable == 0 && twoMacs == 0 && verdict.ok();
        }

        long longestGapMs() {
            return gapsMs.stream().mapToLong(Long::longValue).max().orElse(-1);
        }

        long medianGapMs() {
            return median(gapsMs);
        }

        long medianCommandMs() {
            return median(commandMs);
        }

        private static long median(List<Long> v) {
            if (v.isEmpty()) {
                return -1;
            }
            List<Long> s = new ArrayList<>(v);
            Collections.sort(s);
            return s.get(s.size() / 2);
        }
    }

    private final Lab lab;
    private final Path labConfig;
    private final Path workDir;
    private final Path logDir;
    private final Consumer<String> progress;

    SwitchoverPhase(Lab lab, Path labConfig, Path workDir, Path logDir, Consumer<String> progress) {
        this.lab = lab;
        this.labConfig = labConfig;
        this.workDir = workDir;
        this.logDir = logDir;
        this.progress = progress;
    }

    Figures run(int switchovers) throws Exception {
        long started = System.nanoTime();
        List<String> healed = lab.heal();
        progress.accept("heal: " + (healed.isEmpty() ? "already at baseline" : String.join("; ", healed)));
        Path cfgFile = BenchConfig.withOwnState(labConfig, workDir, "switchovers", 18699);
        HactlConfig cfg = ConfigLoader.load(cfgFile);
        lab.sqlAsRoot("n1", NumberedWriter.TABLE_DDL);
        Path log = logDir.resolve("switchovers.log");
        List<String> failures = new ArrayList<>();
        List<Long> gaps = new ArrayList<>();
        List<Long> commands = new ArrayList<>();
        int done = 0;
        int ran = 0;
        long twoWritable;
        long twoMacs;
        long arpRounds;
        long roSamples;
        WriterPair writers = new WriterPair(LabNetwork.DB_VIP, cfg.database().port(), lab.appPassword(),
                cfg.database().user(), cfg.database().password().reveal(), "switch-" + System.currentTimeMillis());
        progress.accept(String.format(Locale.ROOT, "%d switchovers with db-master-set; writers %s through %s, one"
                + " insert per %d ms each", switchovers, String.join(" and ", writers.all().stream()
                .map(NumberedWriter::writer).toList()), LabNetwork.DB_VIP, WriterPair.INTERVAL.toMillis()));
        try (ReadOnlySampler ro = new ReadOnlySampler(LabNode.N1.address(), LabNode.N2.address(), cfg.database().port(),
                cfg.database().user(), cfg.database().password().reveal(), Duration.ofMillis(50)).start();
             ArpSampler arp = new ArpSampler(LabNetwork.BRIDGE, LabNetwork.DB_VIP).start();
             WriterPair w = writers.start()) {
            if (!w.awaitMore(100, RESUME)) {
                throw new IllegalStateException("the writers got no 100 writes acknowledged in " + RESUME.toSeconds()
                        + " s through " + LabNetwork.DB_VIP + ": " + w.describe());
            }
            long phaseStart = System.nanoTime();
            int inARow = 0;
            for (int i = 1; i <= switchovers; i++) {
                String master = PairView.read(lab).master();
                String target = master == null ? (i % 2 == 1 ? "n2" : "n1") : PairView.other(master);
                long t0 = System.nanoTime();
                ran++;
                StringWriter out = new StringWriter();
                int exit = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(out, true))
                        .execute("db-master-set", "--node", target, "--config", cfgFile.toString(), "--reason",
                                "torture run switchover " + i);
                long t1 = System.nanoTime();
                Files.writeString(log, "=== switchover " + i + " to " + target + ": exit " + exit + "\n" + out + "\n",
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                boolean resumed = w.awaitMore(20, RESUME);
                long gap = w.longestGap(t0, System.nanoTime()).toMillis();
                long ms = (t1 - t0) / 1_000_000;
                gaps.add(gap);
                commands.add(ms);
                String line = String.format(Locale.ROOT, "switchover %3d -> %s  exit %d  command %5d ms  write gap %5d ms",
                        i, target, exit, ms, gap);
                if (exit == 0) {
                    done++;
                    inARow = 0;
                } else {
                    inARow++;
                    failures.add("switchover " + i + " to " + target + ": exit " + exit + ": " + lastLines(out.toString(), 4));
                    line += "  FAILED: " + lastLines(out.toString(), 2);
                }
                if (!resumed) {
                    failures.add("switchover " + i + ": writes did not resume within " + RESUME.toSeconds() + " s ("
                            + w.describe() + ")");
                    line += "  writes did not resume";
                }
                progress.accept(line);
                if (inARow >= GIVE_UP_AFTER) {
                    failures.add("stopped after " + GIVE_UP_AFTER + " failed switchovers in a row (" + (switchovers - i)
                            + " not run)");
                    progress.accept("  " + GIVE_UP_AFTER + " failed in a row: the phase ends here");
                    break;
                }
            }
            long phaseEnd = System.nanoTime();
            twoWritable = ro.bothWritableBetween(phaseStart, phaseEnd);
            twoMacs = arp.conflictsBetween(phaseStart, phaseEnd);
            arpRounds = arp.rounds();
            roSamples = ro.samples();
            ro.bothWritable().stream().limit(5).forEach(x -> progress.accept("  two writable: " + x));
            arp.conflicts().stream().limit(5).forEach(x -> progress.accept("  two MACs for the DB VIP: " + x.macs()));
        }
        PairView end = PairView.read(lab);
        String master = end.master() != null ? end.master() : "n1";
        progress.accept("checker: final master " + master + " (" + end.describe() + ")");
        TortureChecker.Verdict verdict = FinalCheck.verdict(lab, master, writers.acknowledged());
        verdict.writers().forEach(r -> progress.accept("  " + r.describe()));
        progress.accept("  tables: " + (verdict.differences().isEmpty() ? "equal checksums"
                : "DIFFER: " + String.join(", ", verdict.differences())) + "; GTIDs " + (verdict.gtidsEqual()
                ? "equal (" + verdict.gtidMaster() + ")" : "DIFFER (" + verdict.gtidMaster() + " vs " + verdict.gtidOther() + ")"));
        return new Figures(switchovers, ran, done, List.copyOf(failures), List.copyOf(gaps), List.copyOf(commands),
                twoWritable, twoMacs, arpRounds, roSamples, verdict, Duration.ofNanos(System.nanoTime() - started));
    }

    /** The last {@code n} non-blank lines of a command's output, joined with " / ". */
    static String lastLines(String out, int n) {
        List<String> lines = out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return String.join(" / ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }
}
