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
import io.hactl.log.TransitionEntry.Event;
import io.hactl.log.TransitionLog;
import io.hactl.model.ProbeSnapshot;
import io.hactl.node.NodeShells;
import io.hactl.probe.ProbeCycle;
import io.hactl.probe.TcpProbe;
import io.hactl.state.AppState;
import io.hactl.state.ClusterState;
import io.hactl.state.NodeState;
import io.hactl.state.Proposal;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application side end to end, as an operator meets it: a controller runs its real probe
 * cycle over the lab (manual mode), its own detection makes the proposal, an acknowledgement
 * through its API runs it. Tomcat killed on n1 is a RESTART_SERVICES with Tomcat's log lines;
 * n1's whole link down under a writer is ONE NODE_FAILOVER with a risk figure, every acknowledged
 * row is on n2 but what that figure allows (a lower bound: rows n1 committed in its last moments
 * and never sent are named when it returns, by its RESYNC), and n1 is fenced under that same
 * acknowledgement when it returns, with no second proposal; the app VIP on both nodes is a
 * DETACH_APP_VIP; a database alone down (its host alive) is a FAILOVER that leaves the
 * application on n1. ({@link AppProposalsLabIT} runs each operation from a hand-built proposal.)
 */
@Tag("lab")
@ExtendWith(LabExtension.class)
class AppControllerLabIT {

    static final String DB_VIP = io.hactl.lab.LabNetwork.DB_VIP;
    static final String APP_VIP = io.hactl.lab.LabNetwork.APP_VIP;
    static final String N1 = io.hactl.lab.LabNode.N1.address();
    static final String N2 = io.hactl.lab.LabNode.N2.address();
    static final String N1_MAC = io.hactl.lab.LabNode.N1.mac();
    /** A proposal or a state: detection takes a few seconds, more on a loaded 2-core machine. */
    static final Duration WAIT = Duration.ofSeconds(60);
    /** An operation: ssh timeouts towards a lost node, Tomcat's start. */
    static final Duration LONG = Duration.ofSeconds(180);
    /** "n2 is 0 transactions behind", "n2 may lack 37 transactions": the figure of a failover's risk. */
    static final Pattern FIGURE = Pattern.compile("(?:is|may lack) (\\d+) transactions?");
    /** "n1's own transactions (those n2 lacks: 0-1-12, 3 transactions, ...": what a RESYNC discards. */
    static final Pattern FIGURE_OWN = Pattern.compile("(\\d+) transactions?");

    @TempDir
    Path tmp;

    private HactlConfig cfg;
    private ControlLoop loop;
    private StringWriter out;
    private NumberedWriter writer;

    @BeforeEach
    void setUp(Lab lab) throws IOException {
        Path cfgFile = LabConfigs.withOwnState(lab, tmp, yml -> yml.replace("listen: 127.0.0.1:8642",
                "listen: 127.0.0.1:18643"));
        cfg = ConfigLoader.load(cfgFile);
        lab.sqlAsRoot("n1", NumberedWriter.TABLE_DDL);
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
        lab.linkUp("n1");
        lab.heal();
    }

    // ------------------------------------------------------------------ helpers

    private void startController() {
        out = new StringWriter();
        loop = new ControlLoop(cfg, new PrintWriter(out, true), Clock.systemUTC(), ControllerEvents.NONE);
        loop.start();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            assertThat(loop.status().state()).as(loop.status().sentence()).isEqualTo(ClusterState.ACTIVE_SYNCED);
            assertThat(loop.status().appState()).as(loop.status().appSentence()).isEqualTo(AppState.ACTIVE);
        });
    }

    private Proposal awaitProposal(Proposal.Kind kind) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> pending(kind) != null);
        return pending(kind);
    }

    private Proposal pending(Proposal.Kind kind) {
        return loop.status().proposals().stream().filter(p -> p.kind() == kind).findFirst().orElse(null);
    }

    private void ack(Proposal p, String why) {
        ActionResult r = loop.ack(p.id(), "lab-test", why);
        assertThat(r.outcome()).as(r.message()).isEqualTo(ActionResult.Outcome.ACCEPTED);
    }

    /** Waits until the acknowledged proposal's operation has ended, and returns it (DONE or FAILED). */
    private Proposal awaitEnd(Proposal p) {
        Proposal[] end = new Proposal[1];
        await().atMost(LONG).pollInterval(Duration.ofMillis(50)).until(() -> {
            end[0] = loop.proposals().stream().filter(x -> x.id().equals(p.id())).findFirst().orElseThrow();
            return end[0].status() == Proposal.Status.DONE || end[0].status() == Proposal.Status.FAILED;
        });
        return end[0];
    }

    private List<OperationEntry> log() {
        return new TransitionLog(cfg.stateDirectory()).read(OperationEntry.class);
    }

    /** The kinds of every proposal the controller made, in order ("node_failover", ...). */
    private List<String> proposalsMade() {
        return new TransitionLog(cfg.stateDirectory()).read(ProposalEntry.class).stream()
                .filter(e -> e.event() == Event.PROPOSAL).map(ProposalEntry::operation).toList();
    }

    private static boolean operationOk(OperationEntry e, String operation, String proposalId) {
        return e.event() == Event.OPERATION_END && operation.equals(e.operation())
                && "ok".equals(e.result()) && e.why() != null && e.why().contains("proposal " + proposalId + " acknowledged");
    }

    private static boolean holds(Lab lab, String node, String vip) {
        return lab.nsExec(node, "ip", "-4", "-o", "addr", "show", "dev", "eth0").out().contains(vip + "/");
    }

    private static String sql(Lab lab, String node, String q) {
        return lab.sqlAsRoot(node, q).strip();
    }

    private ProbeSnapshot probe() {
        try (NodeShells shells = new NodeShells(); ProbeCycle cycle = new ProbeCycle(cfg, shells::forNode)) {
            return cycle.run();
        }
    }

    private static double since(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    // ------------------------------------------------------------------ scenarios

    @Test
    void tomcatKilledOnN1_restartServicesProposedWithTomcatsLogLines_ackMakesItAnswerAgain(Lab lab) throws Exception {
        startController();
        long pid = Long.parseLong(Files.readString(lab.dir().resolve("n1/tomcat/catalina.pid")).strip());
        long t0 = System.nanoTime();
        assertThat(lab.nsExec("n1", "kill", "-9", "--", Long.toString(pid)).exit()).isZero();

        Proposal p = awaitProposal(Proposal.Kind.RESTART_SERVICES);
        System.out.printf(Locale.ROOT, "[lab-figure] tomcat killed -> RESTART_SERVICES proposed %.2f s%n", since(t0));
        assertThat(p.node()).isEqualTo("n1");
        assertThat(loop.status().appState()).isEqualTo(AppState.SERVICES_DOWN);
        assertThat(p.evidence()).as("the evidence names tomcat down").anyMatch(e -> e.startsWith("tomcat on n1: "));
        assertThat(p.evidence()).as("the evidence carries tomcat's log lines")
                .anyMatch(e -> e.startsWith("tomcat on n1, log: "));
        assertThat(p.evidence()).noneMatch(e -> e.startsWith("backend on n1"));
        System.out.println("[lab-figure] the proposal's evidence: " + p.evidence());

        long a0 = System.nanoTime();
        ack(p, "tomcat was killed");
        await().atMost(LONG).pollInterval(Duration.ofMillis(50)).until(() -> Lab.httpStatus(N1, 8080) == 200);
        System.out.printf(Locale.ROOT, "[lab-figure] ack -> HTTP 200 from tomcat on n1 %.2f s%n", since(a0));
        assertThat(awaitEnd(p).status()).isEqualTo(Proposal.Status.DONE);
        assertThat(Lab.httpStatus(APP_VIP, 8080)).isEqualTo(200);
        assertThat(log()).anyMatch(e -> operationOk(e, "start", p.id()) && "lab-test".equals(e.who()));
        assertThat(out.toString()).contains("start backend ... skipped: already running", "start tomcat ... ok");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(loop.status().appState()).isEqualTo(AppState.ACTIVE));
        assertThat(proposalsMade()).containsExactly("restart_services");
    }

    @Test
    void n1sLinkDown_oneNodeFailoverWithItsRisk_ack_n2ServesBothHalves_ackedRowsOnN2OrNamedWhenN1Returns_n1FencedUnderTheSameAckWithNoSecondProposal(Lab lab) {
        writer = new NumberedWriter(DB_VIP, 3306, "app", lab.appPassword(), "anf-" + System.nanoTime(),
                Duration.ofMillis(5), Duration.ofMillis(100)).start();
        startController();
        int before = writer.count();
        await().atMost(WAIT).until(() -> writer.count() > before + 50);

        long t0 = System.nanoTime();
        lab.linkDown("n1");
        Proposal p = awaitProposal(Proposal.Kind.NODE_FAILOVER);
        System.out.printf(Locale.ROOT, "[lab-figure] link down -> NODE_FAILOVER proposed %.2f s%n", since(t0));
        assertThat(p.node()).isEqualTo("n2");
        assertThat(p.master()).isEqualTo("n1");
        assertThat(p.sentence()).contains("one proposal for both halves");
        assertThat(p.evidence()).anyMatch(e -> e.startsWith("steps: 1. promote n2"));
        assertThat(loop.status().state()).isEqualTo(ClusterState.FAILOVER_PROPOSED);
        assertThat(loop.status().appState()).isEqualTo(AppState.NODE_LOST);
        Matcher m = FIGURE.matcher(p.risk() == null ? "" : p.risk());
        assertThat(m.find()).as("a risk figure in: %s", p.risk()).isTrue();
        long figure = Long.parseLong(m.group(1));
        System.out.println("[lab-figure] the risk: " + p.risk());

        long a0 = System.nanoTime();
        ack(p, "n1 is gone");
        await().atMost(LONG).pollInterval(Duration.ofMillis(50)).until(() -> Lab.httpStatus(APP_VIP, 8080) == 200);
        double http = since(a0);
        await().atMost(LONG).pollInterval(Duration.ofMillis(20)).until(() -> writer.firstAckAfter(a0) >= 0);
        System.out.printf(Locale.ROOT, "[lab-figure] ack -> HTTP 200 through the app VIP %.2f s, -> first write through"
                + " the DB VIP %.2f s%n", http, (writer.firstAckAfter(a0) - a0) / 1e9);
        Proposal end = awaitEnd(p);
        assertThat(end.status()).as(end.comment()).isEqualTo(Proposal.Status.DONE);

        assertThat(sql(lab, "n2", "SELECT @@read_only")).isEqualTo("0");
        assertThat(sql(lab, "n2", "SELECT COUNT(*) FROM information_schema.processlist WHERE command LIKE 'Slave%'"))
                .isEqualTo("0");
        assertThat(holds(lab, "n2", DB_VIP)).as("n2 holds the DB VIP").isTrue();
        assertThat(holds(lab, "n2", APP_VIP)).as("n2 holds the app VIP").isTrue();
        assertThat(Lab.httpStatus(N2, 8080)).isEqualTo(200);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            // n1 unreachable and not yet fenced: the pair runs on n2 alone, without an online backup
            assertThat(loop.status().state()).as(loop.status().sentence())
                    .isIn(ClusterState.STANDALONE, ClusterState.DEGRADED);
            assertThat(loop.status().nodes()).containsEntry("n2", NodeState.MASTER);
        });
        // every acknowledged row is on n2, but what the risk figure said may be lost; the figure is a lower
        // bound from n1's last probe ("what n1 committed after that and did not send is unknown until it
        // returns"): rows n1 acknowledged in the last milliseconds before the cut may not have reached n2.
        // Those the controller must name when n1 returns (below); none may vanish unaccounted for
        int written = writer.count();
        await().atMost(WAIT).until(() -> writer.count() > written + 20);
        writer.close();
        List<Long> acked = writer.acknowledged();
        Set<Long> missing = new HashSet<>(acked);
        for (String n : sql(lab, "n2", "SELECT n FROM hactl_demo.switch_writes WHERE writer='" + writer.writer() + "'")
                .split("\n")) {
            if (!n.isBlank()) {
                missing.remove(Long.valueOf(n.strip()));
            }
        }
        System.out.printf(Locale.ROOT, "[lab-figure] acknowledged rows %d, missing on n2 %d, the risk figure %d%n",
                acked.size(), missing.size(), figure);
        long beyond = Math.max(0, missing.size() - figure);
        String writerId = writer.writer();
        writer = null;
        // one operation, each half under the proposal's acknowledgement
        List<OperationEntry> log = log();
        for (String op : List.of("node-failover", "failover", "master-set")) {
            assertThat(log).as(op).anyMatch(e -> operationOk(e, op, p.id()));
        }

        // n1 comes back holding both VIPs, writable, its services running: fenced under the same ack
        long u0 = System.nanoTime();
        lab.linkUp("n1");
        await().atMost(LONG).pollInterval(Duration.ofMillis(100)).until(() -> log().stream().anyMatch(e ->
                operationOk(e, "master-unset", p.id()) && e.why().contains("fenced under the same acknowledgement")));
        System.out.printf(Locale.ROOT, "[lab-figure] link up -> n1 fenced and its application stopped %.2f s%n",
                since(u0));
        assertThat(log()).anyMatch(e -> operationOk(e, "fence", p.id()));
        assertThat(sql(lab, "n1", "SELECT @@read_only")).isEqualTo("1");
        assertThat(holds(lab, "n1", DB_VIP)).as("n1 holds the DB VIP").isFalse();
        assertThat(holds(lab, "n1", APP_VIP)).as("n1 holds the app VIP").isFalse();
        assertThat(TcpProbe.open(N1, 8080, Duration.ofMillis(300))).as("tomcat on n1").isFalse();
        assertThat(TcpProbe.open(N1, 9090, Duration.ofMillis(300))).as("backend on n1").isFalse();
        assertThat(Lab.httpStatus(APP_VIP, 8080)).isEqualTo(200);

        await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> pending(Proposal.Kind.REJOIN) != null || pending(Proposal.Kind.RESYNC) != null);
        Proposal back = pending(Proposal.Kind.REJOIN) != null ? pending(Proposal.Kind.REJOIN) : pending(Proposal.Kind.RESYNC);
        System.out.println("[lab-figure] n1 back: " + back.kind() + " (" + back.sentence() + ")");
        assertThat(back.node()).isEqualTo("n1");
        assertThat(back.master()).isEqualTo("n2");
        if (beyond > 0) {
            // more lost than the figure said: every such row is on n1, and the returned n1's proposal names them
            System.out.printf(Locale.ROOT, "[lab-figure] %d acknowledged row(s) beyond the risk figure %d, committed"
                    + " on n1 and never sent: %s; n1 back: %s%n", beyond, figure, missing, back.risk());
            assertThat(back.kind()).as("n1 has rows n2 lacks: %s", missing).isEqualTo(Proposal.Kind.RESYNC);
            Matcher own = FIGURE_OWN.matcher(back.risk());
            assertThat(own.find()).as("a count of n1's own transactions in: %s", back.risk()).isTrue();
            assertThat(Long.parseLong(own.group(1))).as(back.risk()).isGreaterThanOrEqualTo(beyond);
            String onN1 = sql(lab, "n1", "SELECT COUNT(*) FROM hactl_demo.switch_writes WHERE writer='" + writerId
                    + "' AND n IN (" + missing.stream().map(String::valueOf).collect(Collectors.joining(",")) + ")");
            assertThat(Long.parseLong(onN1)).as("the rows missing on n2 are on n1").isEqualTo(missing.size());
        }
        // fenced; OUT_OF_DATE when it also has transactions n2 lacks (committed in its last moments, never sent)
        assertThat(loop.status().nodes().get("n1")).isIn(NodeState.FENCED, NodeState.OUT_OF_DATE);
        // one proposal for the lost node, none for its halves, and no second ack for its return
        assertThat(proposalsMade()).as("proposals made").containsOnlyOnce("node_failover")
                .doesNotContain("failover", "move_app", "detach_vip", "detach_app_vip");
    }

    @Test
    void appVipOnBothNodes_detachAppVipProposedForN2_ack_oneHolderAnswersArp(Lab lab) {
        startController();
        lab.addVip("n2", APP_VIP);
        Proposal p = awaitProposal(Proposal.Kind.DETACH_APP_VIP);
        assertThat(p.node()).isEqualTo("n2");
        assertThat(p.master()).isEqualTo("n1");
        assertThat(loop.status().appState()).isEqualTo(AppState.VIP_CONFLICT);
        assertThat(p.sentence()).contains("n1 keeps it (the services run there)");

        ack(p, "the app VIP is on both nodes");
        assertThat(awaitEnd(p).status()).isEqualTo(Proposal.Status.DONE);
        assertThat(log()).anyMatch(e -> operationOk(e, "master-unset", p.id()));
        ProbeSnapshot after = probe();
        assertThat(after.appVip().holders()).containsExactly("n1");
        assertThat(after.appVip().answeringMacs()).containsExactly(N1_MAC);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> Lab.httpStatus(APP_VIP, 8080) == 200);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(loop.status().appState()).isEqualTo(AppState.ACTIVE));
        assertThat(proposalsMade()).containsExactly("detach_app_vip");
    }

    @Test
    void n1sDatabaseAloneKilled_failoverProposedNotNodeFailover_itsSentenceKeepsTheApplicationOnN1(Lab lab) {
        startController();
        assertThat(lab.killMariadb("n1")).isTrue();
        Proposal p = awaitProposal(Proposal.Kind.FAILOVER);
        assertThat(p.node()).isEqualTo("n2");
        assertThat(p.master()).isEqualTo("n1");
        assertThat(p.sentence()).contains("the application stays on n1");
        System.out.println("[lab-figure] the failover's sentence: " + p.sentence());
        // a few more cycles: it stays the database's failover alone, the application untouched
        long cycles = loop.status().cycles();
        await().atMost(WAIT).until(() -> loop.status().cycles() >= cycles + 3);
        assertThat(pending(Proposal.Kind.FAILOVER)).isNotNull();
        assertThat(loop.status().appState()).isEqualTo(AppState.ACTIVE);
        assertThat(proposalsMade()).containsExactly("failover");
        assertThat(Lab.httpStatus(APP_VIP, 8080)).isEqualTo(200);
    }
}
