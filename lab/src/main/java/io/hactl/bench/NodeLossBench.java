package io.hactl.bench;

import io.hactl.lab.Lab;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The master's node lost while the replica is behind ({@link NodeLoss}), with semi-synchronous
 * replication (the lab's setting) and without it (asynchronous: the reference, what MHA and the
 * seed's scripts run on), in the same run, rounds alternating. Prints per round and in total the
 * acknowledged writes lost and the writers' insert rate before the fault (semi-sync's cost), and
 * exits 1 when a semi-sync round lost an acknowledged write. Run by bench/node-loss.sh.
 */
public final class NodeLossBench {

    private NodeLossBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 5;
        int writers = 4;
        long behindMs = 500;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--writers" -> writers = Integer.parseInt(args[++i]);
                case "--behind-ms" -> behindMs = Long.parseLong(args[++i]);
                default -> {
                    System.out.println("unknown option " + args[i]
                            + ": use --rounds N (default 5), --writers N (default 4), --behind-ms MS (default 500)");
                    System.exit(3);
                }
            }
        }
        int r = rounds;
        int w = writers;
        Duration behind = Duration.ofMillis(behindMs);
        BenchData.exitUnderLock(work -> run(r, w, behind));
    }

    static int run(int rounds, int writers, Duration behind) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.hactl"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Lab lab = new Lab();
        System.out.println("heal: " + BenchWait.summary(lab.heal()));
        System.out.printf(Locale.ROOT, "%d rounds each way: %d writers through the DB VIP (one insert per 2 ms each),"
                + " n1 and n2 cut from each other for %d ms (n2 falls behind), then n1's link down (its node lost);"
                + " every acknowledged number looked for on n2%n", rounds, writers, behind.toMillis());
        List<NodeLoss.Round> on = new ArrayList<>();
        List<NodeLoss.Round> off = new ArrayList<>();
        for (int i = 1; i <= rounds; i++) {
            for (boolean semiSync : new boolean[] {true, false}) {
                NodeLoss.Round round = NodeLoss.round(lab, "loss-" + (semiSync ? "semi-" : "async-") + i + "-"
                        + System.nanoTime() % 1_000_000, semiSync, writers, behind);
                (semiSync ? on : off).add(round);
                System.out.printf(Locale.ROOT, "round %2d  %-10s  %s%n", i, semiSync ? "semi-sync" : "async",
                        NodeLoss.summary(round));
            }
        }
        int lostOn = on.stream().mapToInt(x -> x.lost().size()).sum();
        int lostOff = off.stream().mapToInt(x -> x.lost().size()).sum();
        double rateOn = on.stream().mapToDouble(NodeLoss.Round::insertsPerSecond).average().orElse(0);
        double rateOff = off.stream().mapToDouble(NodeLoss.Round::insertsPerSecond).average().orElse(0);
        System.out.printf(Locale.ROOT, "semi-sync: %d acknowledged, %d lost; async (reference): %d acknowledged,"
                        + " %d lost%n", on.stream().mapToInt(NodeLoss.Round::acknowledged).sum(), lostOn,
                off.stream().mapToInt(NodeLoss.Round::acknowledged).sum(), lostOff);
        System.out.printf(Locale.ROOT, "insert rate before the fault: semi-sync %.0f/s, async %.0f/s (semi-sync/async"
                + " %.2f)%n", rateOn, rateOff, rateOff == 0 ? 0 : rateOn / rateOff);
        System.out.println("goal: 0 acknowledged writes lost with semi-sync: " + (lostOn == 0 ? "met" : "NOT met"));
        return lostOn == 0 ? 0 : 1;
    }
}
