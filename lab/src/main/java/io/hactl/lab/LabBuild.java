package io.hactl.lab;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code lab up}'s steps in order, each timed, logged and reported as one progress line: clear
 * the leftovers, files, network, the ZooKeeper members' start, MariaDB, sshd, the seed,
 * replication, VIPs, services, the ZooKeeper quorum, lab.json.
 * A failing step names itself and lab.log.
 */
final class LabBuild {

    private final LabLayout layout;
    private final LabLog log;
    private final Consumer<String> progress;
    private final LabTeardown teardown;
    private final LabFiles files;
    private final LabNet net;
    private final LabMariadb mariadb;
    private final LabSshd sshd;
    private final LabServices services;
    private final LabZookeeper zookeeper;

    LabBuild(LabLayout layout, LabLog log, Consumer<String> progress, LabTeardown teardown, LabFiles files, LabNet net,
             LabMariadb mariadb, LabSshd sshd, LabServices services, LabZookeeper zookeeper) {
        this.layout = layout;
        this.log = log;
        this.progress = progress;
        this.teardown = teardown;
        this.files = files;
        this.net = net;
        this.mariadb = mariadb;
        this.sshd = sshd;
        this.services = services;
        this.zookeeper = zookeeper;
    }

    /** Builds the lab from nothing, tearing down whatever exists first; {@code t0} is when {@code up} began. */
    Lab.UpReport fresh(long t0) {
        List<Lab.Step> steps = new ArrayList<>();
        log.line("lab up");
        step(steps, "clean up leftovers", () -> {
            LabTeardown.Leftovers found = teardown.discover();
            if (found.isEmpty()) {
                return "nothing found";
            }
            teardown.teardown(found);
            return "removed " + found.summary();
        });
        step(steps, "files, keys, secrets", files::writeFiles);
        step(steps, "network", net::build);
        // The members start first and form their quorum while the pair is built (their JVMs take
        // ~1.5 s to elect a leader); the last step waits for it.
        step(steps, "zookeeper start", () -> {
            LabNode.HOSTS.forEach(zookeeper::writeFiles);
            zookeeper.start(LabNode.HOSTS);
            return String.join(", ", LabNode.HOSTS.stream().map(LabNode::name).toList()) + " (QuorumPeerMain, -Xmx96m)";
        });
        step(steps, "mariadb install", () -> {
            // One install, copied: two mariadb-install-db at once take ~1.4 s here, one ~0.4 s.
            mariadb.install(LabNode.N1);
            files.copyDataDir(LabNode.N1, LabNode.N2);
            return "n1, copied to n2";
        });
        step(steps, "mariadb + sshd start", () -> {
            List<Runnable> tasks = new ArrayList<>();
            for (LabNode n : LabNode.ALL) {
                tasks.add(() -> mariadb.start(n));
                tasks.add(() -> sshd.start(n));
            }
            Parallel.run(tasks);
            return "n1, n2";
        });
        step(steps, "seed n1", mariadb::seed);
        step(steps, "replication n2 <- n1", () -> {
            mariadb.configureReplica(LabNode.N2, LabNode.N1);
            return "caught up at " + mariadb.waitCaughtUp(LabNode.N2, LabNode.N1, Duration.ofSeconds(30));
        });
        step(steps, "VIPs on n1", () -> {
            Parallel.run(List.of(() -> net.addVip(LabNode.N1, LabNetwork.DB_VIP),
                    () -> net.addVip(LabNode.N1, LabNetwork.APP_VIP)));
            return LabNetwork.DB_VIP + " " + LabNetwork.APP_VIP;
        });
        step(steps, "services on n1", () -> {
            services.start(LabNode.N1);
            return "HTTP 200 from " + LabNetwork.APP_VIP + ":8080 and " + LabNode.N1.address() + ":9090";
        });
        step(steps, "zookeeper quorum", () -> {
            LabStatus.Ensemble e = zookeeper.awaitAllServing(Duration.ofSeconds(60));
            return e.modes() + ": leader " + e.leader();
        });
        step(steps, "state", files::writeState);
        Duration total = Duration.ofNanos(System.nanoTime() - t0);
        log.line("lab up done in " + total.toMillis() + " ms");
        return new Lab.UpReport(steps, total);
    }

    private void step(List<Lab.Step> steps, String name, Supplier<String> body) {
        long t = System.nanoTime();
        String detail;
        try {
            detail = body.get();
        } catch (LabException e) {
            log.line("step '" + name + "' failed: " + e.getMessage());
            throw new LabException(name + ": " + e.getMessage() + logHint(), e.exitCode(), e);
        } catch (RuntimeException e) {
            log.line("step '" + name + "' failed: " + e);
            throw new LabException(name + ": " + e + logHint(), e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t);
        steps.add(new Lab.Step(name, took, detail));
        String line = String.format(Locale.ROOT, "%-22s %6.2f s  %s", name, took.toNanos() / 1e9,
                detail == null ? "" : detail);
        log.line(line);
        progress.accept(line);
    }

    private String logHint() {
        return Files.exists(layout.log()) ? " (see " + layout.log() + ")" : "";
    }
}
