package io.hactl.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.bench.NumberedWriter;
import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.db.JdbcDbAdmin;
import io.hactl.lab.Lab;
import io.hactl.lab.LabConfigs;
import io.hactl.lab.LabExtension;
import io.hactl.log.OperationEntry;
import io.hactl.log.TransitionEntry.Event;
import io.hactl.log.TransitionLog;
import io.hactl.model.NodeProbe;
import io.hactl.model.ProbeSnapshot;
import io.hactl.model.ServiceProbe;
import io.hactl.node.NodeShells;
import io.hactl.ops.Reachability;
import io.hactl.probe.ProbeCycle;
import io.hactl.probe.TcpProbe;
import io.hactl.state.Proposal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application's proposals run as an acknowledgement runs them ({@link ProposalRunner}, hand-built
 * proposals; detection comes with the state model), on the real lab: Tomcat killed on n1 and
 * restarted; the app VIP on both nodes and detached from the wrong one; n1's whole link down and
 * one NODE_FAILOVER making n2 the DB master and the active application server, n1 fenced under the
 * same acknowledgement when it comes back. And the probes behind them: the other node's look at a
 * node the controller cannot reach, and a stopped service's log lines.
 */
@Tag("lab")
@ExtendWith(LabExtension.class)
class AppProposalsLabIT {

    static final String DB_VIP = io.hactl.lab.LabNetwork.DB_VIP;
    static final String APP_VIP = io.hactl.lab.LabNetwork.APP_VIP;
    static final String N1 = io.hactl.lab.LabNode.N1.address();
    static final String N2 = io.hactl.lab.LabNode.N2.address();
    static final String N1_MAC = io.hactl.lab.LabNode.N1.mac();
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private HactlConfig cfg;
    private NodeShells shells;
    private StringWriter out;
    private ProposalRunner runner;

    @BeforeEach
    void setUp(Lab lab) throws Exception {
        cfg = ConfigLoader.load(LabConfigs.withOwnState(lab, tmp, yml -> yml));
        shells = new NodeShells();
        out = new StringWriter();
        runner = new ProposalRunner(cfg, new TransitionLog(cfg.stateDirectory()), new PrintWriter(out, true),
                shells::forNode, n -> JdbcDbAdmin.connect(n, cfg.database()));
    }

    @AfterEach
    void tearDown(Lab lab) {
        lab.linkUp("n1");
        lab.reconnectToHost("n1");
        shells.close();
        System.out.println("[operations]\n" + out);
        lab.heal();
    }

    private static Proposal proposal(Proposal.Kind kind, String node, String master, String risk) {
        Instant now = Instant.now();
        return new Proposal("p-" + kind.name().substring(0, 3).toLowerCase(Locale.ROOT) + "123", kind, node, master,
                kind.name().toLowerCase(Locale.ROOT) + " " + node, "lab test", List.of(), risk, now,
                now.plus(Duration.ofMinutes(15)), null, Proposal.Status.ACKNOWLEDGED, "lab-test", now, "lab test");
    }

    private List<OperationEntry> log() {
        return new TransitionLog(cfg.stateDirectory()).read(OperationEntry.class);
    }

    private NodeConfig node(String name) {
        return cfg.node(name).orElseThrow();
    }

    private static boolean holds(Lab lab, String node, String vip) {
        return lab.nsExec(node, "ip", "-4", "-o", "addr", "show", "dev", "eth0").out().contains(vip + "/");
    }

    private static String sql(Lab lab, String node, String q) {
        return lab.sqlAsRoot(node, q).strip();
    }

    private ProbeSnapshot probe() {
        try (NodeShells probeShells = new NodeShells(); ProbeCycle cycle = new ProbeCycle(cfg, probeShells::forNode)) {
            return cycle.run();
        }
    }

    @Test
    void tomcatKilledOnTheActiveNode_itsLogLinesAreSeen_restartServicesMakesItAnswerAgain(Lab lab) throws Exception {
        long pid = Long.parseLong(Files.readString(lab.dir().resolve("n1/tomcat/catalina.pid")).strip());
        assertThat(lab.nsExec("n1", "kill", "-9", Long.toString(pid)).exit()).isZero();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> !TcpProbe.open(N1, 8080, Duration.ofMillis(200)));

        // the probe carries the log's last lines of the service that is down: the proposal's evidence
        ServiceProbe tomcat = probe().node("n1").orElseThrow().service("tomcat").orElseThrow();
        assertThat(tomcat.up()).isFalse();
        assertThat(tomcat.logTail()).isNotEmpty().hasSizeLessThanOrEqualTo(5)
                .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(330));
        System.out.println("[lab-figure] tomcat's log tail as evidence: " + tomcat.logTail());

        long t0 = System.nanoTime();
        ProposalRunner.Result r = runner.run(proposal(Proposal.Kind.RESTART_SERVICES, "n1", "n1", null), "lab-test",
                "tomcat was killed");
        assertThat(r.exit()).as(out.toString()).isZero();
        assertThat(Lab.httpStatus(N1, 8080)).isEqualTo(200);
        assertThat(Lab.httpStatus(APP_VIP, 8080)).isEqualTo(200);
        System.out.printf(Locale.ROOT, "[lab-figure] restart_services -> HTTP 200: %.2f s%n", (System.nanoTime() - t0) / 1e9);
        assertThat(out.toString()).contains("start backend ... skipped: already running", "start tomcat ... ok");
        assertThat(log()).anySatisfy(e -> {
            assertThat(e.operation()).isEqualTo("start");
            assertThat(e.event()).isEqualTo(Event.OPERATION_END);
            assertThat(e.result()).isEqualTo("ok");
            assertThat(e.who()).isEqualTo("lab-test");
            assertThat(e.why()).contains("proposal p-res123 acknowledged");
        });
    }

    @Test
    void restartingServicesOnThePassiveNodeIsRefusedWhileTheActiveNodesCopiesAnswer(Lab lab) {
        ProposalRunner.Result r = runner.run(proposal(Proposal.Kind.RESTART_SERVICES, "n2", "n1", null), "lab-test",
                "wrong node");
        assertThat(r.exit()).as(out.toString()).isEqualTo(2);
        assertThat(out.toString()).contains("n1 still runs its copies of the application services:",
                "port 8080 answers on " + N1, "port 9090 answers on " + N1, "two active application servers",
                "hactl master-unset --node n1", "nothing was changed");
        assertThat(TcpProbe.open(N2, 8080, Duration.ofMillis(300))).isFalse();
        assertThat(TcpProbe.open(N2, 9090, Duration.ofMillis(300))).isFalse();
    }

    @Test
    void appVipOnBothNodes_detachAppVipFromTheWrongOne_oneHolderAnswersArp(Lab lab) {
        lab.addVip("n2", APP_VIP);
        assertThat(probe().appVip().holders()).containsExactlyInAnyOrder("n1", "n2");

        ProposalRunner.Result r = runner.run(proposal(Proposal.Kind.DETACH_APP_VIP, "n2", "n1", null), "lab-test",
                "VIP conflict");
        assertThat(r.exit()).as(out.toString()).isZero();
        ProbeSnapshot after = probe();
        assertThat(after.appVip().holders()).containsExactly("n1");
        assertThat(after.appVip().answeringMacs()).containsExactly(N1_MAC);
        assertThat(out.toString()).contains("verify " + APP_VIP + " is answered by n1 only ... ok");
        await().atMost(WAIT).until(() -> Lab.httpStatus(APP_VIP, 8080) == 200);
    }

    @Test
    void noNodeHoldsTheAppVip_attachAppVipWhereTheServicesRun(Lab lab) {
        lab.removeVip("n1", APP_VIP);
        ProposalRunner.Result r = runner.run(proposal(Proposal.Kind.ATTACH_APP_VIP, "n1", null, null), "lab-test",
                "VIP missing");
        assertThat(r.exit()).as(out.toString()).isZero();
        assertThat(holds(lab, "n1", APP_VIP)).isTrue();
        assertThat(holds(lab, "n2", APP_VIP)).isFalse();
        assertThat(out.toString()).contains("start tomcat ... skipped: already running");
        await().atMost(WAIT).until(() -> Lab.httpStatus(APP_VIP, 8080) == 200);
    }

    @Test
    void theOtherNodesLookTellsALostNodeFromAControllerThatIsCutOff(Lab lab) {
        try (NodeShells probeShells = new NodeShells(); ProbeCycle cycle = new ProbeCycle(cfg, probeShells::forNode)) {
            assertThat(cycle.run().node("n1").orElseThrow().peerView()).as("n1 answers: nobody asks n2").isNull();

            // the controller cut off from n1, the nodes still see each other: n2 sees n1 alive
            lab.cutFromHost("n1");
            NodeProbe cut = awaitPeerView(cycle);
            assertThat(cut.peerView().from()).isEqualTo("n2");
            assertThat(cut.peerView().confirmsLost()).as(cut.peerView().words()).isFalse();
            assertThat(cut.peerView().ping()).isTrue();
            assertThat(cut.peerView().sshPort()).isTrue();
            assertThat(cut.peerView().ports()).containsEntry(3306, true).containsEntry(8080, true);
            lab.reconnectToHost("n1");

            // the whole node lost: n2 sees nothing of it either
            lab.linkDown("n1");
            NodeProbe lost = awaitPeerView(cycle);
            assertThat(lost.peerView().confirmsLost()).as(lost.peerView().words()).isTrue();
            long t0 = System.nanoTime();
            NodeProbe again = cycle.run().node("n1").orElseThrow();
            double took = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "[lab-figure] probe cycle with n1 lost (the look from n2 included): %.2f s;"
                    + " %s%n", took, again.peerView().words());
            assertThat(again.peerView().confirmsLost()).isTrue();
            assertThat(took).as("cycle with a lost node, s").isLessThan(4.0);
        }
    }

    /** Cycles until n1 is dark and n2's look at it has answered (the first cycle may only start it). */
    private static NodeProbe awaitPeerView(ProbeCycle cycle) {
        NodeProbe[] seen = new NodeProbe[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> {
            NodeProbe n1 = cycle.run().node("n1").orElseThrow();
            seen[0] = n1;
            return n1.peerView() != null && n1.peerView().error() == null;
        });
        return seen[0];
    }

    @Test
    void n1Lost_oneNodeFailover_n2IsDbMasterWithBothVipsAndServesTheApp_n1FencedWhenBackUnderTheSameAck(Lab lab)
            throws Exception {
        lab.sqlAsRoot("n1", NumberedWriter.TABLE_DDL);
        // the writer stops before the cut and n2 has all it wrote: "n2 is 0 transactions behind", as the
        // proposal's risk says (rows in flight at the cut are what the risk figure is about)
        NumberedWriter before;
        try (NumberedWriter w = new NumberedWriter(DB_VIP, 3306, "app", lab.appPassword(), "nf-" + System.nanoTime(),
                Duration.ofMillis(5), Duration.ofMillis(100)).start()) {
            await().atMost(WAIT).until(() -> w.count() > 100);
            before = w;
        }
        List<Long> acked = before.acknowledged();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() ->
                sql(lab, "n2", "SELECT @@gtid_slave_pos").equals(sql(lab, "n1", "SELECT @@gtid_binlog_pos")));

        lab.linkDown("n1");
        await().atMost(WAIT).until(() -> Lab.httpStatus(APP_VIP, 8080) != 200);
        Proposal p = proposal(Proposal.Kind.NODE_FAILOVER, "n2", "n1", "n2 is 0 transactions behind");
        long t0 = System.nanoTime();
        ProposalRunner.Result r = runner.run(p, "lab-test", "n1 is gone");
        double took = (System.nanoTime() - t0) / 1e9;
        assertThat(r.exit()).as(out.toString()).isZero();
        assertThat(r.promoted()).isTrue();
        assertThat(r.fencing()).isNotNull();
        assertThat(r.fencing().fenced()).as(r.fencing().words()).isFalse();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> Lab.httpStatus(APP_VIP, 8080) == 200);
        System.out.printf(Locale.ROOT, "[lab-figure] node_failover ack -> HTTP 200 through the app VIP from n2: %.2f s"
                + " (operation %.2f s)%n", (System.nanoTime() - t0) / 1e9, took);

        assertThat(sql(lab, "n2", "SELECT @@read_only")).isEqualTo("0");
        assertThat(sql(lab, "n2", "SELECT COUNT(*) FROM information_schema.processlist WHERE command LIKE 'Slave%'"))
                .isEqualTo("0");
        assertThat(holds(lab, "n2", DB_VIP)).as("n2 holds the DB VIP").isTrue();
        assertThat(holds(lab, "n2", APP_VIP)).as("n2 holds the app VIP").isTrue();
        assertThat(Lab.httpStatus(N2, 8080)).isEqualTo(200);
        assertAllOn(lab, "n2", before.writer(), acked);
        // writes go on through the DB VIP, now on n2
        try (NumberedWriter after = new NumberedWriter(DB_VIP, 3306, "app", lab.appPassword(), "nf2-" + System.nanoTime(),
                Duration.ofMillis(5), Duration.ofMillis(100)).start()) {
            await().atMost(WAIT).until(() -> after.count() > 20);
        }
        // the one operation framing both halves, each step under the proposal's acknowledgement
        List<OperationEntry> log = log();
        for (String op : List.of("node-failover", "failover", "master-set")) {
            assertThat(log).as(op).anySatisfy(e -> {
                assertThat(e.operation()).isEqualTo(op);
                assertThat(e.event()).isEqualTo(Event.OPERATION_END);
                assertThat(e.result()).isEqualTo("ok");
                assertThat(e.why()).contains("proposal " + p.id() + " acknowledged");
            });
        }
        assertThat(out.toString()).contains("n1: UNREACHABLE", "takes control anyway");

        // n1 comes back holding both VIPs, writable, its services running: fenced under the same ack
        lab.linkUp("n1");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> Reachability.unreachableReason(shells.forNode(node("n1")), node("n1")) == null);
        ProposalRunner.Result f = runner.fenceReturned(p, "lab-test", "n1 is gone");
        assertThat(f.exit()).as(out.toString()).isZero();
        assertThat(f.fencing().fenced()).as(f.fencing().words()).isTrue();
        assertThat(sql(lab, "n1", "SELECT @@read_only")).isEqualTo("1");
        assertThat(holds(lab, "n1", DB_VIP)).as("n1 holds the DB VIP").isFalse();
        assertThat(holds(lab, "n1", APP_VIP)).as("n1 holds the app VIP").isFalse();
        assertThat(TcpProbe.open(N1, 8080, Duration.ofMillis(300))).as("tomcat on n1").isFalse();
        assertThat(Lab.httpStatus(APP_VIP, 8080)).isEqualTo(200);
        assertThat(log()).anySatisfy(e -> {
            assertThat(e.operation()).isEqualTo("master-unset");
            assertThat(e.event()).isEqualTo(Event.OPERATION_END);
            assertThat(e.result()).isEqualTo("ok");
            assertThat(e.why()).contains("proposal " + p.id() + " acknowledged", "fenced under the same acknowledgement");
        });
    }

    private static void assertAllOn(Lab lab, String node, String writer, List<Long> acked) {
        Set<Long> missing = new HashSet<>(acked);
        for (String n : sql(lab, node, "SELECT n FROM hactl_demo.switch_writes WHERE writer='" + writer + "'")
                .split("\n")) {
            if (!n.isBlank()) {
                missing.remove(Long.valueOf(n.strip()));
            }
        }
        assertThat(missing).as("acknowledged rows missing on %s (of %d)", node, acked.size()).isEmpty();
    }
}
