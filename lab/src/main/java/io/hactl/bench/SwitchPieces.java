package io.hactl.bench;

import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.db.DbAdmin;
import io.hactl.db.JdbcDbAdmin;
import io.hactl.node.NodeShells;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * What each piece a db-master-set is made of costs in a fresh JVM (issue 20, "profile where the
 * 1.7 s goes"): the config, the first SSH session (with its classes) and the second, an ssh
 * round trip on an open session, the first SQL connection (with the driver's classes) and the
 * second, a state read; then, in another fresh JVM ({@code --parallel}), the four opened at once.
 * Only reads; run it with the JVM flags bin/hactl uses.
 *
 * <pre>java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp BENCH_CP io.hactl.bench.SwitchPieces CONFIG [--parallel]</pre>
 */
public final class SwitchPieces {

    private SwitchPieces() {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        HactlConfig cfg = ConfigLoader.load(Path.of(args[0]));
        List<String> said = new ArrayList<>();
        said.add("config " + ms(t0));
        NodeConfig n1 = cfg.node("n1").orElseThrow();
        NodeConfig n2 = cfg.node("n2").orElseThrow();
        try (NodeShells shells = new NodeShells()) {
            if (args.length > 1 && args[1].equals("--parallel")) {
                long p0 = System.nanoTime();
                List<CompletableFuture<String>> all = new ArrayList<>();
                for (NodeConfig n : List.of(n1, n2)) {
                    all.add(CompletableFuture.supplyAsync(() -> {
                        long s = System.nanoTime();
                        shells.forNode(n).open();
                        return n.name() + " ssh " + ms(s);
                    }));
                    all.add(CompletableFuture.supplyAsync(() -> {
                        long s = System.nanoTime();
                        JdbcDbAdmin.connect(n, cfg.database()).close();
                        return n.name() + " sql " + ms(s);
                    }));
                }
                all.forEach(f -> said.add(f.join()));
                said.add("all four at once " + ms(p0));
            } else {
                for (NodeConfig n : List.of(n1, n2)) {
                    long s = System.nanoTime();
                    shells.forNode(n).open();
                    said.add(n.name() + " ssh session " + ms(s));
                }
                for (int i = 0; i < 3; i++) {
                    long s = System.nanoTime();
                    shells.forNode(n1).run("true", Duration.ofSeconds(5));
                    said.add("ssh round trip " + ms(s));
                }
                for (NodeConfig n : List.of(n1, n2)) {
                    long s = System.nanoTime();
                    DbAdmin a = JdbcDbAdmin.connect(n, cfg.database());
                    said.add(n.name() + " sql connect " + ms(s));
                    for (int i = 0; i < 2; i++) {
                        long r = System.nanoTime();
                        a.state();
                        said.add(n.name() + " state read " + ms(r));
                    }
                    a.close();
                }
            }
        }
        said.add("total " + ms(t0));
        System.out.println(String.join("; ", said));
    }

    private static String ms(long from) {
        return String.format(Locale.ROOT, "%d ms", (System.nanoTime() - from) / 1_000_000);
    }
}
