package io.hactl.bench;

import io.hactl.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * master-set on the lab, back and forth: the command's wall time and the longest time the
 * application (HTTP through the app VIP, port 8080) did not answer. Prints figures; asserts
 * nothing. Run by bench/master-set.sh.
 */
public final class MasterSetBench {

    public static void main(String[] args) throws Exception {
        // the lab's test lock, taken as LabExtension takes it (flock(1) would not exclude a test run)
        java.nio.file.Path lockFile = java.nio.file.Path.of("/run/lock/hactl-lab-tests.lock");
        java.nio.file.Files.createDirectories(lockFile.getParent());
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(lockFile,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             java.nio.channels.FileLock lock = ch.lock()) {
            bench(args);
        }
    }

    private static void bench(String[] args) throws Exception {
        String config = args.length > 0 ? args[0] : "/var/lib/hactl-lab/hactl.yml";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        String vip = args.length > 2 ? args[2] : "198.51.100.88";
        List<Long> commandMs = new ArrayList<>();
        List<Long> gapMs = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            String target = i % 2 == 0 ? "n2" : "n1";
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong longestGap = new AtomicLong();
            Thread prober = new Thread(() -> probe(vip, running, longestGap), "http-prober");
            prober.start();
            long t0 = System.nanoTime();
            StringWriter sink = new StringWriter();
            int exit = Main.commandLine().setOut(new PrintWriter(sink)).setErr(new PrintWriter(sink))
                    .execute("master-set", "--node", target, "--config", config, "--reason", "bench");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            // keep probing until the application answers again through the VIP (bounded)
            long until = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < until && status(vip) != 200) {
                Thread.onSpinWait();
            }
            running.set(false);
            prober.join();
            if (exit != 0) {
                System.out.println("run " + (i + 1) + ": master-set exited " + exit + "\n" + sink);
                throw new IllegalStateException("master-set failed in run " + (i + 1));
            }
            commandMs.add(ms);
            gapMs.add(longestGap.get());
            System.out.printf(Locale.ROOT, "run %2d  master-set --node %s  command %5d ms  app unavailable %5d ms%n",
                    i + 1, target, ms, longestGap.get());
        }
        print("master-set command", commandMs);
        print("app unavailable (HTTP via VIP)", gapMs);
    }

    private static void probe(String vip, AtomicBoolean running, AtomicLong longest) {
        long lastOk = System.nanoTime();
        while (running.get()) {
            int s = status(vip);
            long now = System.nanoTime();
            if (s == 200) {
                lastOk = now;
            } else {
                longest.accumulateAndGet((now - lastOk) / 1_000_000, Math::max);
            }
        }
    }

    static int status(String vip) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://" + vip + ":8080/").toURL().openConnection();
            c.setConnectTimeout(200);
            c.setReadTimeout(500);
            int code = c.getResponseCode();
            c.disconnect();
            return code;
        } catch (Exception e) {
            return -1;
        }
    }

    static void print(String label, List<Long> values) {
        List<Long> v = new ArrayList<>(values);
        Collections.sort(v);
        System.out.printf(Locale.ROOT, "%-32s runs=%d  min=%d ms  median=%d ms  max=%d ms%n", label, v.size(), v.get(0),
                v.get(v.size() / 2), v.get(v.size() - 1));
    }
}
