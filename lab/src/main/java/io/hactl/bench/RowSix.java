package io.hactl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.hactl.api.ApiClient;
import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.lab.Lab;
import io.hactl.lab.LabControllers;
import io.hactl.lab.LabControllers.View;
import io.hactl.lab.LabNetwork;
import io.hactl.lab.LabNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 13 row 6 ("master node link down, acknowledged during the outage") with the three
 * coordinated controllers of issue 16: the torture's two writers (the application's account and
 * a privileged one) and its samplers (read_only on both nodes, who answers ARP for the DB VIP) run
 * while n1's link goes down; the failover proposal is acknowledged through a follower; once n2 is
 * master, n1's link comes back. Then: every acknowledged row on n2 exactly once, no row written to
 * n1 after its link came back, never two writable nodes and never two MACs from then on, and n1
 * fenced by its own controller. One instance per run: {@link #start} before the fault, {@link #finish}
 * once the proposal is there, {@link #close} always.
 */
final class RowSix implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(60);

    private final Lab lab;
    private final HactlConfig cfg;
    private final WriterPair writers;
    private final ReadOnlySampler readOnly;
    private final ArpSampler arp;
    private final List<String> failures = new ArrayList<>();
    private String verdict = "not finished";

    private RowSix(Lab lab, HactlConfig cfg, WriterPair writers, ReadOnlySampler readOnly, ArpSampler arp) {
        this.lab = lab;
        this.cfg = cfg;
        this.writers = writers;
        this.readOnly = readOnly;
        this.arp = arp;
    }

    /** The writers and the samplers, running, with 50 rows each acknowledged. */
    static RowSix start(Lab lab, String tag) {
        HactlConfig cfg = ConfigLoader.load(lab.config());
        lab.sqlAsRoot("n1", NumberedWriter.TABLE_DDL);
        WriterPair writers = new WriterPair(cfg.dbVip().address(), cfg.database().port(), lab.appPassword(),
                cfg.database().user(), cfg.database().password().reveal(), tag).start();
        ReadOnlySampler ro = new ReadOnlySampler(LabNode.N1.address(), LabNode.N2.address(), cfg.database().port(),
                cfg.database().user(), cfg.database().password().reveal(), Duration.ofMillis(50)).start();
        ArpSampler arp = new ArpSampler(LabNetwork.BRIDGE, cfg.dbVip().address()).start();
        RowSix r = new RowSix(lab, cfg, writers, ro, arp);
        r.await("the writers' first 50 rows each", () -> writers.fewest() >= 50);
        return r;
    }

    /**
     * The proposal is there: acknowledged through a follower, n2 master, n1's link up, the checks.
     * Returns the run's line.
     */
    String finish(View leader, String kind, long faultNanos) {
        LabControllers c = lab.controllers();
        View follower = c.views().stream().filter(v -> !v.member().equals("n1") && !v.member().equals(leader.member()))
                .findFirst().orElseThrow(() -> new IllegalStateException("no follower besides " + leader.member()));
        JsonNode p = leader.proposals(kind).get(0);
        long ackNanos = System.nanoTime();
        ApiClient.Reply r;
        try {
            r = new ApiClient(LabNode.host(follower.member()).address(), LabControllers.PORT, Duration.ofSeconds(2),
                    Duration.ofSeconds(30)).post("/api/proposals/" + p.path("id").asText() + "/ack",
                    Map.of("comment", "issue 13 row 6 with coordination"),
                    Files.readString(lab.layout().operatorToken()).strip());
        } catch (ApiClient.Unreachable | IOException e) {
            throw new IllegalStateException("the ack through " + follower.member() + ": " + e.getMessage(), e);
        }
        if (r.status() != 202) {
            failures.add("the ack through " + follower.member() + " answered " + r.status() + ": " + r.raw());
        }
        await("n2 writable with the DB VIP", () -> "0".equals(sql("n2", "SELECT @@read_only")) && holdsVip("n2"));
        double writable = (System.nanoTime() - ackNanos) / 1e9;
        await("the writers' next 20 rows each (on n2)", moreRows(20));
        boolean selfFenced = output("n1").contains("self-fence of n1: done");
        if (!selfFenced) {
            failures.add("n1's controller did not say it fenced n1");
        }
        Map<String, Long> lastBeforeUp = new LinkedHashMap<>();
        writers.all().forEach(w -> lastBeforeUp.put(w.writer(), w.acknowledged().isEmpty() ? 0L
                : w.acknowledged().get(w.acknowledged().size() - 1)));
        long upNanos = System.nanoTime();
        lab.nsExec("n1", "ip", "link", "set", "eth0", "up");
        String n1ReadOnly = sql("n1", "SELECT @@read_only");
        boolean n1Vip = holdsVip("n1");
        if (!"1".equals(n1ReadOnly) || n1Vip) {
            failures.add("n1 back with read_only=" + n1ReadOnly + (n1Vip ? " and the DB VIP" : ""));
        }
        await("the writers' next 100 rows each, n1 back", moreRows(100));
        writers.close();
        long endNanos = System.nanoTime();
        long twoWritable = readOnly.bothWritableBetween(upNanos, endNanos);
        long twoMacs = arp.conflictsBetween(upNanos, endNanos);
        if (twoWritable > 0 || twoMacs > 0) {
            failures.add("after n1's link came back: two writable " + twoWritable + "x, two MACs " + twoMacs + "x");
        }
        long lost = 0;
        long acknowledged = 0;
        long onN1After = 0;
        for (NumberedWriter w : writers.all()) {
            String where = "FROM hactl_demo.switch_writes WHERE writer='" + w.writer() + "'";
            TortureChecker.WriterResult res = TortureChecker.check(w.writer(), w.acknowledged(),
                    TortureChecker.parseIds(sql("n2", "SELECT n " + where)));
            acknowledged += res.acknowledged();
            lost += res.lost().size();
            if (!res.ok()) {
                failures.add(w.writer() + ": " + res.lost().size() + " acknowledged rows missing on n2, "
                        + res.duplicated().size() + " twice");
            }
            onN1After += Long.parseLong(sql("n1", "SELECT COUNT(*) " + where + " AND n > "
                    + lastBeforeUp.get(w.writer())));
        }
        if (onN1After > 0) {
            failures.add(onN1After + " rows written to n1 after its link came back");
        }
        verdict = String.format(Locale.ROOT, "proposal +%.1f s; ack through %s -> n2 writable %.1f s; n1 fenced"
                        + " itself: %s; n1 back read_only=%s, DB VIP %s; %d acknowledged rows, %d lost; rows on n1 after"
                        + " its return %d; two writable %dx, two MACs %dx: %s", (ackNanos - faultNanos) / 1e9,
                follower.member(), writable, selfFenced ? "yes" : "NO", n1ReadOnly, n1Vip ? "HELD" : "not held",
                acknowledged, lost, onN1After, twoWritable, twoMacs,
                failures.isEmpty() ? "pass" : "FAIL (" + String.join("; ", failures) + ")");
        return verdict;
    }

    boolean ok() {
        return failures.isEmpty() && !verdict.equals("not finished");
    }

    String verdict() {
        return verdict;
    }

    private java.util.function.BooleanSupplier moreRows(int rows) {
        int a = writers.all().get(0).count();
        int b = writers.all().get(1).count();
        return () -> writers.all().get(0).count() >= a + rows && writers.all().get(1).count() >= b + rows;
    }

    private void await(String what, java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": not within " + WAIT.toSeconds() + " s ("
                        + writers.describe() + ")");
            }
            try {
                Thread.sleep(50); // the poll's period
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }

    private String sql(String node, String q) {
        return lab.sqlAsRoot(node, q).strip();
    }

    private boolean holdsVip(String node) {
        return lab.nsExec(node, "ip", "-4", "-o", "addr", "show", "dev", "eth0").out()
                .contains(cfg.dbVip().address() + "/");
    }

    private String output(String member) {
        try {
            return Files.readString(lab.controllers().output(member));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        writers.close();
        readOnly.close();
        arp.close();
    }
}
