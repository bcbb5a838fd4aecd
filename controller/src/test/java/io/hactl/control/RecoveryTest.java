package io.hactl.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.db.GtidMemory;
import io.hactl.log.ProposalEntry;
import io.hactl.log.TransitionEntry.Event;
import io.hactl.log.TransitionLog;
import io.hactl.model.DbProbe;
import io.hactl.model.Diagnoser;
import io.hactl.model.NodeProbe;
import io.hactl.model.ProbeSnapshot;
import io.hactl.model.ReplicaStatus;
import io.hactl.model.VipProbe;
import io.hactl.state.Assessment;
import io.hactl.state.ClusterState;
import io.hactl.state.DetectionMemory;
import io.hactl.state.Detector;
import io.hactl.state.Effect;
import io.hactl.state.Proposal;
import io.hactl.state.Supervisor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a restarting controller takes from its state directory (issue 13, defect 8): the pending
 * failover proposal and the master's last position, so the restarted controller keeps the
 * proposal and measures its risk against that position, never "position never seen".
 */
class RecoveryTest {

    static final Instant T = Instant.parse("2026-12-05T12:00:00Z");
    static final String N1 = "198.51.100.11";
    static final String N2 = "198.51.100.12";

    @TempDir
    Path dir;

    /** n1's mysqld dead (host up), n2 its replica reconnecting, having everything up to 0-1-1234. */
    static ProbeSnapshot masterDead(Instant at) {
        NodeProbe n1 = new NodeProbe("n1", N1, new NodeProbe.PingResult(true, 0.04, null), new NodeProbe.ShellResult(true, null),
                List.of(N1, "198.51.100.89"), "02:00:00:00:00:11", DbProbe.notResponding("Connection refused"), List.of());
        NodeProbe n2 = new NodeProbe("n2", N2, new NodeProbe.PingResult(true, 0.05, null), new NodeProbe.ShellResult(true, null),
                List.of(N2), "02:00:00:00:00:12",
                new DbProbe(true, null, DbProbe.Flavor.MARIADB, "10.11.19", true,
                        new ReplicaStatus(N1, 3306, "Connecting", true, null, 2003, "Can't connect", 0, "", "0-1-1234",
                                "Slave_Pos"), "0-1-1234", "0-1-1234", "mariadb-bin.000001", 99L, "0-1-1234", "2"),
                List.of());
        Map<String, String> owners = Map.of("02:00:00:00:00:11", "n1", "02:00:00:00:00:12", "n2");
        return new ProbeSnapshot("pair1", at, Duration.ofMillis(300), List.of(n1, n2),
                new VipProbe("198.51.100.89", List.of("n1"), List.of(), owners, null),
                new VipProbe("198.51.100.88", List.of("n1"), List.of(), owners, null));
    }

    private Proposal pendingFailover() {
        return new Proposal("p-abc123", Proposal.Kind.FAILOVER, "n2", "n1", "promote n2 to master; fence n1",
                "MASTER DOWN: master n1 has not answered for 3.1 s", List.of("n1: SQL not answering"),
                "n2 is 0 transactions behind (n1 last seen at 0-1-1234 at 11:59:58.000)", T.minusSeconds(1),
                T.plus(Duration.ofMinutes(15)), null, Proposal.Status.PENDING, null, null, null);
    }

    @Test
    void afterARestartThePendingProposalsRiskBecomesUnknown_theMastersLastPositionSurvivesTheRestart() {
        TransitionLog log = new TransitionLog(dir);
        Proposal pending = pendingFailover();
        log.append(ProposalEntry.of(T.minusSeconds(1), "pair1", Event.PROPOSAL, pending, null, "controller",
                pending.sentence()));
        // every probe of the controller before the restart recorded what answered
        GtidMemory gm = new GtidMemory(dir, "pair1");
        gm.record("n1", new GtidMemory.Seen(T.minusSeconds(2), DbProbe.Flavor.MARIADB, "0-1-1234", "0-1-1234", false,
                false, "check"));
        gm.record("n2", new GtidMemory.Seen(T.minusSeconds(2), DbProbe.Flavor.MARIADB, "0-1-1234", "0-1-1234", true,
                true, "check"));

        Instant restart = T.plusSeconds(60);
        Recovery.Result r = Recovery.read(dir, log, restart);
        assertThat(r.pending()).containsExactly(pending);
        DetectionMemory m = r.memory();
        assertThat(m.master()).isEqualTo("n1");
        assertThat(m.masterPosition().shown()).isEqualTo("0-1-1234");
        assertThat(m.masterSeenAt()).isEqualTo(T.minusSeconds(2));
        assertThat(m.declaredDown()).isTrue();
        assertThat(r.summary()).contains("master n1 last seen at 0-1-1234", "n1 still declared down");

        // the restarted controller's cycles: the master is still dead
        Clock clock = Clock.fixed(restart, ZoneOffset.UTC);
        Supervisor sup = new Supervisor(new Supervisor.Settings(Duration.ofSeconds(1), Duration.ofHours(1),
                Duration.ofMinutes(15), false, Duration.ofSeconds(30), Duration.ofMinutes(30)), clock, () -> "000001");
        sup.restore(r.pending(), r.lastFailoverAt());
        Detector detector = new Detector(Duration.ofSeconds(1), true); // application.follow_db_master: true (the default)
        Diagnoser diagnoser = new Diagnoser();
        List<Effect> effects = new ArrayList<>();
        Assessment a = null;
        for (int i = 0; i < 5; i++) {
            ProbeSnapshot s = masterDead(restart.plusSeconds(i));
            a = detector.assess(s, diagnoser.diagnoseDb(s), diagnoser.diagnoseApp(s), null, m);
            m = a.memory();
            effects.addAll(sup.observe(a));
        }
        assertThat(effects).noneMatch(e -> e instanceof Effect.ProposalClosed || e instanceof Effect.ProposalMade);
        assertThat(sup.pending()).containsExactly(pending);
        assertThat(sup.state()).isEqualTo(ClusterState.FAILOVER_PROPOSED);
        assertThat(a.risk()).doesNotContain("never seen").startsWith("n2 is 0 transactions behind (n1 last seen at 0-1-1234"
                + " at 11:59:58.000");
        assertThat(sup.last().sentence()).contains("MASTER DOWN: master n1", "failover to n2 proposed (p-abc123");
    }

    @Test
    void aPendingNodeFailoverKeepsItsLostMasterDeclaredDownAcrossARestartAsAFailoverDoes() {
        Proposal f = pendingFailover();
        Proposal nodeFailover = new Proposal("p-def456", Proposal.Kind.NODE_FAILOVER, "n2", "n1", "promote n2; move the"
                + " application to n2", "n1 lost", List.of(), f.risk(), f.createdAt(), f.expiresAt(), null,
                Proposal.Status.PENDING, null, null, null);
        GtidMemory.Seen n1 = new GtidMemory.Seen(T.minusSeconds(2), DbProbe.Flavor.MARIADB, "0-1-1234", "0-1-1234", false,
                false, "check");
        // n2 last seen writable later than n1 (it would be taken for the master without the proposal)
        GtidMemory.Seen n2 = new GtidMemory.Seen(T.minusSeconds(1), DbProbe.Flavor.MARIADB, "0-1-1234", "0-1-1234", false,
                false, "check");
        DetectionMemory m = Recovery.memory(Map.of("n1", n1, "n2", n2), List.of(nodeFailover));
        assertThat(m.master()).isEqualTo("n1");
        assertThat(m.declaredDown()).isTrue();
        assertThat(m.masterPosition().shown()).isEqualTo("0-1-1234");
    }

    @Test
    void withoutAPendingProposalTheMasterIsTheNodeLastSeenWritable() {
        GtidMemory gm = new GtidMemory(dir, "pair1");
        gm.record("n2", new GtidMemory.Seen(T.minusSeconds(5), DbProbe.Flavor.MARIADB, "0-2-50", "0-1-42,0-2-50", false,
                false, "check"));
        gm.record("n1", new GtidMemory.Seen(T.minusSeconds(5), DbProbe.Flavor.MARIADB, "0-2-50", null, true, true,
                "check"));
        DetectionMemory m = Recovery.read(dir, new TransitionLog(dir), T).memory();
        assertThat(m.master()).isEqualTo("n2");
        assertThat(m.masterPosition().binlogState()).isEqualTo("0-1-42,0-2-50");
        assertThat(m.declaredDown()).isFalse();
        assertThat(Recovery.read(dir.resolve("empty"), new TransitionLog(dir.resolve("empty")), T).memory())
                .isEqualTo(DetectionMemory.EMPTY);
    }
}
