package io.hactl.bench;

import io.hactl.lab.Lab;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One round of "the master's node is lost while the replica is behind" on the lab, the window in
 * which an asynchronous pair loses acknowledged writes: writers through the DB VIP; the nodes cut
 * from each other (replication stops, the clients still reach n1) for {@code behind}; then n1's
 * link down (its node lost). Every number a writer had acknowledged is then looked for on n2, once
 * n2 has applied all it received. With semi-synchronous replication n1 acknowledges no commit n2
 * has not received, so the writes of the cut wait and none is lost; without it each of them is.
 * Then n1's link and the nodes' route come back, n1 is still the master, n2 catches up from it and
 * the lab is healed. Run by {@link NodeLossBench} and NodeLossLabIT.
 */
public final class NodeLoss {

    /** The DB VIP of the lab (hactl.yml). */
    public static final String DB_VIP = "198.51.100.89";
    private static final Duration APPLY_WAIT = Duration.ofSeconds(20);

    /**
     * What one round saw.
     *
     * @param acknowledged numbers acknowledged to the writers, all writers together
     * @param lost         acknowledged numbers missing on n2 ("writer:n")
     * @param semiSyncYes  commits n1 counted as acknowledged by a replica while the writers ran
     *                     (Rpl_semi_sync_master_yes_tx, delta), -1 when n1 has no semi-sync
     * @param semiSyncNo   commits n1 acknowledged without a replica's (Rpl_semi_sync_master_no_tx, delta)
     * @param insertsPerSecond the writers' rate, together, before the cut
     */
    public record Round(int acknowledged, List<String> lost, long semiSyncYes, long semiSyncNo,
                        double insertsPerSecond) {
    }

    private NodeLoss() {
    }

    /**
     * One round on a lab at its baseline (n1 master, n2 its replica). {@code semiSync} false turns
     * n1's semi-synchronous replication off for the round (the asynchronous reference) and on again
     * after it. Leaves the lab healed.
     */
    public static Round round(Lab lab, String tag, boolean semiSync, int writers, Duration behind) throws Exception {
        lab.sqlAsRoot("n1", NumberedWriter.TABLE_DDL);
        lab.sqlAsRoot("n1", "SET GLOBAL rpl_semi_sync_master_enabled = " + (semiSync ? "ON" : "OFF"));
        List<NumberedWriter> ws = new ArrayList<>();
        boolean cut = false;
        boolean down = false;
        try {
            Map<String, Long> before = semiSyncCounters(lab);
            long t0 = System.nanoTime();
            for (int i = 0; i < writers; i++) {
                ws.add(new NumberedWriter(DB_VIP, 3306, "app", lab.appPassword(), tag + "-" + i,
                        Duration.ofMillis(2)).start());
            }
            BenchWait.await("every writer has 100 rows acknowledged", Duration.ofSeconds(30),
                    () -> ws.stream().allMatch(w -> w.count() >= 100));
            double rate = ws.stream().mapToInt(NumberedWriter::count).sum() / ((System.nanoTime() - t0) / 1e9);
            Map<String, Long> during = semiSyncCounters(lab);
            lab.partition();
            cut = true;
            Thread.sleep(behind.toMillis()); // the fault's length: how far behind n2 falls
            lab.linkDown("n1");
            down = true;
            long downAt = System.nanoTime();
            // every write in flight on n1 ends: in an error (the writer's socket timeout is 2 s, its
            // connect timeout 1 s); only then is what a writer holds as acknowledged final
            BenchWait.await("an error for every writer after n1's link went down", Duration.ofSeconds(15),
                    () -> ws.stream().allMatch(w -> !w.errorsBetween(downAt, System.nanoTime()).isEmpty()));
            ws.forEach(NumberedWriter::close);
            waitApplied(lab, "n2");
            List<String> lost = missingOn(lab, "n2", ws);
            int acked = ws.stream().mapToInt(w -> w.acknowledged().size()).sum();
            long yes = before.isEmpty() ? -1 : during.get("yes") - before.get("yes");
            long no = before.isEmpty() ? 0 : during.get("no") - before.get("no");
            return new Round(acked, lost, yes, no, rate);
        } finally {
            ws.forEach(NumberedWriter::close);
            if (down) {
                lab.linkUp("n1");
            }
            if (cut) {
                lab.unpartition();
            }
            lab.sqlAsRoot("n1", "SET GLOBAL rpl_semi_sync_master_enabled = ON");
            lab.heal();
        }
    }

    /** A round in one line: counts, the first few lost numbers. */
    public static String summary(Round r) {
        return String.format(java.util.Locale.ROOT, "acknowledged %d, lost %d%s, n1's semi-sync yes_tx %s no_tx %d,"
                        + " %.0f inserts/s", r.acknowledged(), r.lost().size(),
                r.lost().isEmpty() ? "" : " (first: " + String.join(", ", r.lost().subList(0, Math.min(5, r.lost().size()))) + ")",
                r.semiSyncYes() < 0 ? "-" : String.valueOf(r.semiSyncYes()), r.semiSyncNo(), r.insertsPerSecond());
    }

    /** Rpl_semi_sync_master_yes_tx and _no_tx of n1 as "yes" and "no"; empty when it has none. */
    private static Map<String, Long> semiSyncCounters(Lab lab) {
        String out = lab.sqlAsRoot("n1", "SHOW GLOBAL STATUS WHERE Variable_name IN"
                + " ('Rpl_semi_sync_master_yes_tx', 'Rpl_semi_sync_master_no_tx')");
        Map<String, Long> m = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] kv = line.split("\t");
            if (kv.length == 2) {
                m.put(kv[0].endsWith("yes_tx") ? "yes" : "no", Long.parseLong(kv[1].strip()));
            }
        }
        return m.size() == 2 ? m : Map.of();
    }

    /** Waits until the node's SQL thread has applied everything its IO thread received. */
    static void waitApplied(Lab lab, String node) {
        BenchWait.await(node + " applied every transaction it received", APPLY_WAIT, () -> {
            Map<String, String> s = lab.replicaStatus(node);
            return s.get("Master_Log_File") != null
                    && s.get("Master_Log_File").equals(s.get("Relay_Master_Log_File"))
                    && s.get("Read_Master_Log_Pos").equals(s.get("Exec_Master_Log_Pos"));
        });
    }

    /** The writers' acknowledged numbers that are not on the node, as "writer:n", in order. */
    static List<String> missingOn(Lab lab, String node, List<NumberedWriter> ws) {
        List<String> lost = new ArrayList<>();
        for (NumberedWriter w : ws) {
            Set<Long> there = new HashSet<>();
            for (String n : lab.sqlAsRoot(node, "SELECT n FROM hactl_demo.switch_writes WHERE writer = '"
                    + w.writer() + "'").split("\n")) {
                if (!n.isBlank()) {
                    there.add(Long.valueOf(n.strip()));
                }
            }
            lost.addAll(w.acknowledged().stream().filter(n -> !there.contains(n)).map(n -> w.writer() + ":" + n)
                    .collect(Collectors.toList()));
        }
        return lost;
    }
}
