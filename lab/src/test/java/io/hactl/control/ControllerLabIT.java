package io.hactl.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.bench.NumberedWriter;
import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.lab.Lab;
import io.hactl.lab.LabConfigs;
import io.hactl.lab.LabExtension;
import io.hactl.log.OperationEntry;
import io.hactl.log.ProposalEntry;
import io.hactl.log.StateEntry;
import io.hactl.log.TransitionEntry;
import io.hactl.log.TransitionLog;
import io.hactl.state.ClusterState;
import io.hactl.state.Proposal;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller against the real lab, each scenario with a client writing through the DB
 * VIP: a killed master is proposed for failover and an acknowledgement promotes n2; a
 * rejection changes nothing; a controller cut off from the master alone, or a 2-second link
 * blip, proposes nothing; a VIP conflict is a split brain with its fence proposal; the old
 * master's return is fenced and re-joined back to ACTIVE_SYNCED; the anti-flapping block is
 * shown; an operation whose controller was killed is reported INTERRUPTED at the next start.
 * Each controller here has its own state directory (a copy of the lab's config).
 */
@Tag("lab")
@ExtendWith(LabExtension.class)
class ControllerLabIT {

    static final String DB_VIP = "198.51.100.89";
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private HactlConfig cfg;
    private Path cfgFile;
    private ControlLoop loop;
    private StringWriter out;
    private NumberedWriter writer;

    @BeforeEach
    void setUp(Lab lab) throws IOException {
        cfgFile = LabConfigs.withOwnState(lab, tmp, yml -> yml.replace("listen: 127.0.0.1:8642", "listen: 127.0.0.1:18642"));
        cfg = ConfigLoader.load(cfgFile);
        lab.sqlAsRoot("n1", NumberedWriter.TABLE_DDL);
        writer = new NumberedWriter(DB_VIP, 3306, "app", lab.appPassword(), "ctl-" + System.nanoTime()).start();
    }

    @AfterEach
    void tearDown(Lab lab) {
        if (writer != null) {
            writer.close();
        }
        if (loop != null) {
            loop.close();
            System.out.println("[controller-log]\n" + out);
        }
        lab.heal();
    }

    private ControlLoop startController() {
        out = new StringWriter();
        loop = new ControlLoop(cfg, new PrintWriter(out, true), Clock.systemUTC(), ControllerEvents.NONE);
        loop.start();
        awaitState(ClusterState.ACTIVE_SYNCED);
        return loop;
    }

    private void awaitState(ClusterState s) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(loop.status().state()).as(loop.status().sentence()).isEqualTo(s));
    }

    private Proposal awaitProposal(Proposal.Kind kind) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> pending(kind) != null);
        return pending(kind);
    }

    private Proposal pending(Proposal.Kind kind) {
        return loop.status().proposals().stream().filter(p -> p.kind() == kind).findFirst().orElse(null);
    }

    private List<TransitionEntry> log() {
        return new TransitionLog(cfg.stateDirectory()).read();
    }

    private long count(Predicate<TransitionEntry> p) {
        return log().stream().filter(p).count();
    }

    private static boolean event(TransitionEntry e, String event) {
        return event.equals(e.event().json());
    }

    private void awaitWritesThroughVip() {
        int before = writer.count();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> writer.count() > before + 5);
    }

    private static String sql(Lab lab, String node, String q) {
        return lab.sqlAsRoot(node, q).strip();
    }

    // ------------------------------------------------------------------ scenarios

    @Test
    void masterKilled_proposedAndAcknowledged_n2Master_oldMasterFencedAndRejoined_thenFailoverBlocked(Lab lab) {
        startController();
        awaitWritesThroughVip();
        long t0 = System.nanoTime();
        lab.killMariadb("n1");
        Proposal p = awaitProposal(Proposal.Kind.FAILOVER);
        System.out.printf(Locale.ROOT, "[lab-figure] kill -9 -> failover proposal %.2f s%n", (System.nanoTime() - t0) / 1e9);
        assertThat(loop.status().state()).isEqualTo(ClusterState.FAILOVER_PROPOSED);
        assertThat(p.node()).isEqualTo("n2");
        assertThat(p.master()).isEqualTo("n1");
        assertThat(p.risk()).contains("n2 is 0 transactions behind");
        assertThat(p.evidence()).anyMatch(e -> e.contains("IO thread Connecting"));
        assertThat(p.expiresAt()).isAfter(p.createdAt());

        long a0 = System.nanoTime();
        ActionResult r = loop.ack(p.id(), "lab-test", "kill -9 scenario");
        assertThat(r.outcome()).as(r.message()).isEqualTo(ActionResult.Outcome.ACCEPTED);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> "0".equals(sql(lab, "n2", "SELECT @@read_only")));
        System.out.printf(Locale.ROOT, "[lab-figure] ack -> n2 writable %.2f s%n", (System.nanoTime() - a0) / 1e9);
        awaitState(ClusterState.STANDALONE);
        awaitWritesThroughVip();
        assertThat(lab.nsExec("n2", "ip", "-4", "-o", "addr", "show", "dev", "eth0").out()).contains(DB_VIP + "/");
        assertThat(lab.nsExec("n1", "ip", "-4", "-o", "addr", "show", "dev", "eth0").out()).doesNotContain(DB_VIP + "/");
        assertThat(sql(lab, "n2", "SELECT COUNT(*) FROM information_schema.processlist WHERE command LIKE 'Slave%'"))
                .isEqualTo("0");
        // the log tells the whole story: proposal, who acknowledged it, each step, the end
        List<TransitionEntry> log = log();
        assertThat(log).anyMatch(e -> e instanceof ProposalEntry q && event(q, "proposal") && p.id().equals(q.proposalId()));
        assertThat(log).anyMatch(e -> event(e, "ack") && "lab-test".equals(e.who()) && "kill -9 scenario".equals(e.why()));
        assertThat(log).anyMatch(e -> e instanceof OperationEntry o && event(o, "operation-start") && "failover".equals(o.operation()));
        assertThat(log).anyMatch(e -> e instanceof OperationEntry o && event(o, "step-end") && "failover".equals(o.operation())
                && o.step().startsWith("set read_only=OFF (writable)") && "ok".equals(o.result()));
        assertThat(log).anyMatch(e -> e instanceof OperationEntry o && event(o, "operation-end") && "failover".equals(o.operation())
                && "ok".equals(o.result()));
        assertThat(log).anyMatch(e -> e instanceof StateEntry s && event(s, "state") && "SWITCHING".equals(s.from())
                && "STANDALONE".equals(s.to()));

        // the old master returns (writable, as its my.cnf says): it was fenced with its database down, so the
        // failover's acknowledgement covers making it read-only the moment MySQL answers (no second ack, no
        // DETACH_VIP proposal), then it is re-joined as n2's replica
        lab.startMariadb("n1");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> count(e -> e instanceof OperationEntry o
                && event(o, "operation-end") && "fence".equals(o.operation()) && "ok".equals(o.result()) && e.why() != null
                && e.why().contains(p.id())) > 0);
        assertThat(lab.sqlAsRoot("n1", "SELECT @@read_only").strip()).isEqualTo("1");
        assertThat(log()).noneMatch(e -> e instanceof ProposalEntry q && event(q, "proposal") && q.proposal() != null
                && q.proposal().kind() == Proposal.Kind.DETACH_VIP);
        // n1 lacks n2's writes since the failover; it may also have a few transactions of its own that
        // never reached n2 before the kill (committed on n1, not yet sent): then it must be rebuilt
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> pending(Proposal.Kind.REJOIN) != null || pending(Proposal.Kind.RESYNC) != null);
        Proposal back = pending(Proposal.Kind.REJOIN) != null ? pending(Proposal.Kind.REJOIN) : pending(Proposal.Kind.RESYNC);
        System.out.println("[lab-figure] the returned master: " + back.kind() + " (" + back.sentence() + ")");
        assertThat(back.node()).isEqualTo("n1");
        assertThat(loop.ack(back.id(), "lab-test", "n1 back as replica").outcome())
                .isEqualTo(ActionResult.Outcome.ACCEPTED);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(loop.status().state()).as(loop.status().sentence())
                        .isEqualTo(ClusterState.ACTIVE_SYNCED));
        assertThat(loop.status().nodes()).containsEntry("n2", io.hactl.state.NodeState.MASTER)
                .containsEntry("n1", io.hactl.state.NodeState.REPLICA_SYNCED);
        awaitWritesThroughVip();

        // anti-flapping: the new master dies within the block period: no proposal, and status says why
        lab.killMariadb("n2");
        awaitState(ClusterState.MASTER_DOWN);
        await().atMost(WAIT).until(() -> count(e -> event(e, "blocked")) > 0);
        assertThat(loop.status().failoverBlock()).contains("failover blocked until").contains("hactl unblock");
        assertThat(loop.status().proposals()).isEmpty();
    }

    @Test
    void proposalRejected_nothingChanges(Lab lab) {
        startController();
        lab.killMariadb("n1");
        Proposal p = awaitProposal(Proposal.Kind.FAILOVER);
        ActionResult r = loop.reject(p.id(), "lab-test", "the DBA restarts n1 instead");
        assertThat(r.outcome()).isEqualTo(ActionResult.Outcome.ACCEPTED);
        long cycles = loop.status().cycles();
        await().atMost(WAIT).until(() -> loop.status().cycles() >= cycles + 3);
        assertThat(loop.status().state()).isEqualTo(ClusterState.MASTER_DOWN);
        assertThat(loop.status().proposals()).isEmpty();
        assertThat(sql(lab, "n2", "SELECT @@read_only")).isEqualTo("1");
        assertThat(lab.nsExec("n1", "ip", "-4", "-o", "addr", "show", "dev", "eth0").out()).contains(DB_VIP + "/");
        assertThat(count(e -> event(e, "operation-start"))).isZero();
        assertThat(log()).anyMatch(e -> event(e, "reject") && "lab-test".equals(e.who()));
    }

    @Test
    void controllerCutOffFromMasterOnly_masterUnreachable_noProposal(Lab lab) {
        startController();
        lab.cutFromHost("n1");
        try {
            awaitState(ClusterState.MASTER_UNREACHABLE);
            assertThat(loop.status().sentence()).contains("still streaming from it").contains("not a failure, watching");
            long cycles = loop.status().cycles();
            await().atMost(Duration.ofSeconds(60)).until(() -> loop.status().cycles() >= cycles + 5);
            assertThat(loop.status().state()).isEqualTo(ClusterState.MASTER_UNREACHABLE);
            assertThat(count(e -> event(e, "proposal"))).isZero();
            assertThat(writer.count()).isGreaterThan(0);
        } finally {
            lab.reconnectToHost("n1");
        }
        awaitState(ClusterState.ACTIVE_SYNCED);
    }

    @Test
    void twoSecondLinkBlip_noProposal(Lab lab) throws InterruptedException {
        startController();
        lab.linkDown("n1");
        try {
            // the fault itself lasts 2 s (its length is what is tested), not a wait for a condition
            TimeUnit.SECONDS.sleep(2);
        } finally {
            lab.linkUp("n1");
        }
        awaitState(ClusterState.ACTIVE_SYNCED);
        long cycles = loop.status().cycles();
        await().atMost(WAIT).until(() -> loop.status().cycles() >= cycles + 3);
        assertThat(count(e -> event(e, "proposal"))).isZero();
        assertThat(count(e -> e instanceof StateEntry s && event(s, "state") && "MASTER_DOWN".equals(s.to()))).isZero();
    }

    @Test
    void vipConflict_splitBrain_fenceProposal_acknowledged_backToActiveSynced(Lab lab) {
        startController();
        lab.addVip("n2", DB_VIP);
        awaitState(ClusterState.SPLIT_BRAIN);
        Proposal p = awaitProposal(Proposal.Kind.DETACH_VIP);
        assertThat(p.node()).isEqualTo("n2");
        assertThat(p.master()).isEqualTo("n1");
        assertThat(loop.ack(p.id(), "lab-test", "detach the VIP from n2").outcome()).isEqualTo(ActionResult.Outcome.ACCEPTED);
        awaitState(ClusterState.ACTIVE_SYNCED);
        assertThat(lab.nsExec("n2", "ip", "-4", "-o", "addr", "show", "dev", "eth0").out()).doesNotContain(DB_VIP + "/");
        assertThat(log()).anyMatch(e -> e instanceof OperationEntry o && event(o, "operation-end") && "fence".equals(o.operation())
                && "ok".equals(o.result()));
        awaitWritesThroughVip();
    }

    @Test
    void outOfDateNode_resyncProposal_rebuiltFromTheMaster_backToActiveSynced(Lab lab) {
        startController();
        // Master failure (II): n2 took a write of its own and stopped replicating
        lab.sqlAsRoot("n2", "SET GLOBAL read_only=0; INSERT INTO hactl_demo.demo_writes (note) VALUES ('errant on n2');"
                + " SET GLOBAL read_only=1; STOP SLAVE; RESET SLAVE ALL;");
        awaitState(ClusterState.OUT_OF_DATE);
        Proposal p = awaitProposal(Proposal.Kind.RESYNC);
        assertThat(p.node()).isEqualTo("n2");
        assertThat(p.sentence()).contains("n2 is OUT OF DATE").contains("rebuild it from n1");
        assertThat(p.risk()).contains("discarded by the rebuild");
        assertThat(loop.ack(p.id(), "lab-test", "rebuild n2").outcome()).isEqualTo(ActionResult.Outcome.ACCEPTED);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(loop.status().state()).as(loop.status().sentence())
                        .isEqualTo(ClusterState.ACTIVE_SYNCED));
        assertThat(log()).anyMatch(e -> e instanceof StateEntry s && event(s, "state") && "RESYNCING".equals(s.to()));
        assertThat(log()).anyMatch(e -> e instanceof OperationEntry o && event(o, "operation-end") && "resync".equals(o.operation())
                && "ok".equals(o.result()));
        assertThat(sql(lab, "n2", "SELECT COUNT(*) FROM hactl_demo.demo_writes WHERE note='errant on n2'")).isEqualTo("0");
        awaitWritesThroughVip();
    }

    @Test
    void controllerKilledDuringSwitchover_reportedInterruptedAtRestart(Lab lab) throws Exception {
        Path hactl = Path.of(System.getProperty("user.dir")).getParent().resolve("bin/hactl");
        Path log = tmp.resolve("controller.out");
        Process controller = new ProcessBuilder(hactl.toString(), "controller", "--config", cfgFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> count(e -> e instanceof StateEntry s && event(s, "state") && "ACTIVE_SYNCED".equals(s.to())) > 0);
            Path swOut = tmp.resolve("switchover.out");
            Process sw = new ProcessBuilder(hactl.toString(), "switchover", "--node", "n2", "--reason", "interrupted test",
                    "--config", cfgFile.toString(), "--token-file", lab.dir().resolve("secrets/operator.token").toString())
                    .redirectErrorStream(true).redirectOutput(swOut.toFile()).start();
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                        .until(() -> count(e -> e instanceof OperationEntry o && event(o, "step-start")
                                && "db-master-set".equals(o.operation())) > 0);
            } catch (RuntimeException e) {
                System.out.println("[switchover]\n" + Files.readString(swOut) + "\n[controller]\n" + Files.readString(log));
                throw e;
            }
            // kill -9 of the controller, by its PID, in the middle of the switchover
            new ProcessBuilder("kill", "-9", Long.toString(controller.pid())).start().waitFor();
            controller.waitFor(10, TimeUnit.SECONDS);
            sw.waitFor(30, TimeUnit.SECONDS);
        } finally {
            controller.destroyForcibly();
        }
        out = new StringWriter();
        loop = new ControlLoop(cfg, new PrintWriter(out, true), Clock.systemUTC(), ControllerEvents.NONE);
        List<String> interrupted = new ArrayList<>();
        loop.start();
        await().atMost(WAIT).until(() -> loop.status().cycles() > 0);
        assertThat(log()).anyMatch(e -> e instanceof StateEntry s && event(s, "interrupted") && s.sentence().contains("db-master-set"));
        assertThat(log()).anyMatch(e -> e instanceof OperationEntry o && event(o, "operation-end")
                && "interrupted".equals(o.result()) && "db-master-set".equals(o.operation()));
        assertThat(loop.status().evidence()).anyMatch(e -> e.startsWith("INTERRUPTED"));
        interrupted.add(Files.readString(log));
        // a second start does not report it again
        loop.close();
        loop = new ControlLoop(cfg, new PrintWriter(out, true), Clock.systemUTC(), ControllerEvents.NONE);
        loop.start();
        await().atMost(WAIT).until(() -> loop.status().cycles() > 0);
        assertThat(count(e -> event(e, "interrupted"))).isEqualTo(1);
    }
}
