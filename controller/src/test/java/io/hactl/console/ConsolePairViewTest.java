package io.hactl.console;

import static io.hactl.console.ConsoleFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.control.ControllerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the pair page shows, from fixed inputs: the status, the last snapshot, the last operation's lines (pure). */
class ConsolePairViewTest {

    static final Instant NOW = T0.plusSeconds(5);

    @Test
    void eachNodeShowsItsRoleReadOnlyGtidThreadsLagAndServicesWithPidsAndPorts() {
        ConsolePairView v = ConsolePairView.of(ConsoleFixtures.masterDown(List.of()), ConsoleFixtures.snapshot(),
                List.of(), NOW);
        assertThat(v.nodes()).extracting(ConsolePairView.Node::name).containsExactly("n1", "n2");
        ConsolePairView.Node n1 = v.nodes().get(0);
        ConsolePairView.Node n2 = v.nodes().get(1);
        assertThat(n1.role()).isEqualTo("DOWN");
        assertThat(n1.tone()).isEqualTo("bad");
        assertThat(n1.readOnly()).isEqualTo("OFF");
        assertThat(n1.gtid()).isEqualTo("0-1-42");
        assertThat(n1.ioThread()).isEqualTo("-");
        assertThat(n1.sqlThread()).isEqualTo("-");
        assertThat(n1.lag()).isEqualTo("-");
        assertThat(n1.services()).containsExactly("tomcat: running, pid 4242, port 8080 answering");
        assertThat(n2.role()).isEqualTo("REPLICA_BROKEN");
        assertThat(n2.readOnly()).isEqualTo("ON");
        assertThat(n2.ioThread()).isEqualTo("Connecting");
        assertThat(n2.sqlThread()).isEqualTo("Yes");
        assertThat(n2.lag()).isEqualTo("7 s");
        assertThat(n2.replication()).isEqualTo("replicates from 198.51.100.11:3306 (GTID Slave_Pos),"
                + " IO error 2003: Can't connect to server");
        assertThat(n2.services()).containsExactly("tomcat: not running, port 8080 closed");
    }

    @Test
    void bothVipsSayWhoAnswersArpOrNobody() {
        ConsolePairView v = ConsolePairView.of(ConsoleFixtures.masterDown(List.of()), ConsoleFixtures.snapshot(),
                List.of(), NOW);
        assertThat(v.dbVip().id()).isEqualTo("vip-db");
        assertThat(v.dbVip().address()).isEqualTo("198.51.100.89");
        assertThat(v.dbVip().holder()).isEqualTo("n1");
        assertThat(v.dbVip().configuredOn()).isEqualTo("n1");
        assertThat(v.appVip().id()).isEqualTo("vip-app");
        assertThat(v.appVip().holder()).isEqualTo("nobody");
        assertThat(v.appVip().configuredOn()).isEqualTo("no node");
    }

    @Test
    void theStateSinceSentenceEvidenceAndTheBlockWithHowToLiftIt() {
        ConsolePairView v = ConsolePairView.of(ConsoleFixtures.masterDown(List.of()), ConsoleFixtures.snapshot(),
                List.of(), NOW);
        assertThat(v.state()).isEqualTo("FAILOVER_PROPOSED");
        assertThat(v.stateTone()).isEqualTo("bad");
        assertThat(v.since()).isEqualTo("2025-05-01 10:00:03 UTC");
        assertThat(v.sinceIso()).isEqualTo("2025-05-01T10:00:03Z");
        assertThat(v.sentence()).startsWith("master n1 down for 3 cycles");
        assertThat(v.evidence()).hasSize(2);
        assertThat(v.block()).startsWith("failover blocked until 11:00:03");
        assertThat(v.unblock()).contains("hactl unblock --reason").contains("Unblock form");
        assertThat(ConsolePairView.of(ConsoleFixtures.healthy("n1", "n2"), null, List.of(), NOW).block()).isNull();
    }

    @Test
    void beforeTheFirstCycleTheNodesAreTheStatusesWithNothingProbed() {
        ConsolePairView v = ConsolePairView.of(ConsoleFixtures.healthy("n1", "n2"), null, List.of(), NOW);
        assertThat(v.nodes()).extracting(ConsolePairView.Node::role).containsExactly("MASTER", "REPLICA_SYNCED");
        assertThat(v.nodes()).allSatisfy(n -> assertThat(n.gtid()).isEqualTo("-"));
        assertThat(v.dbVip().holder()).isEqualTo("not probed yet");
        assertThat(v.probed()).isEqualTo("last probe cycle 2025-05-01 10:00:05 UTC (300 ms), cycle 99");
    }

    @Test
    void theRunningOperationShowsEachStepWithItsOutcome() {
        ConsolePairView v = ConsolePairView.of(ConsoleFixtures.masterDown(List.of()), null,
                ConsoleFixtures.failoverLines(false), NOW);
        assertThat(v.operation()).isNotNull();
        assertThat(v.operation().running()).isTrue();
        assertThat(v.operation().title()).isEqualTo("failover a1b2c3d4 by alice, running since 2025-05-01 10:00:03 UTC");
        assertThat(v.operation().why()).isEqualTo("proposal p1: n1's disk is gone");
        assertThat(v.operation().steps()).extracting(ConsolePairView.Step::text).containsExactly(
                "fence n1 on n1: ok (300 ms) — read_only on, VIP gone", "promote n2 on n2: running");
        assertThat(v.operation().steps()).extracting(ConsolePairView.Step::outcome).containsExactly("ok", "running");
    }

    @Test
    void anOperationThatJustRanStaysShownWithItsResultThenGoes() {
        ConsolePairView v = ConsolePairView.of(ConsoleFixtures.healthy("n2", "n1"), null,
                ConsoleFixtures.failoverLines(true), NOW);
        assertThat(v.operation().running()).isFalse();
        assertThat(v.operation().title()).isEqualTo("failover a1b2c3d4 by alice, ended ok at 2025-05-01 10:00:03 UTC"
                + " after 700 ms: n2 is the master");
        assertThat(v.operation().steps()).extracting(ConsolePairView.Step::text).containsExactly(
                "fence n1 on n1: ok (300 ms) — read_only on, VIP gone", "promote n2 on n2: ok (100 ms) — read_only off");
        Instant later = T0.plus(ConsolePairView.JUST_RAN).plusSeconds(1);
        assertThat(ConsolePairView.of(ConsoleFixtures.healthy("n2", "n1"), null, ConsoleFixtures.failoverLines(true),
                later).operation()).isNull();
        assertThat(ConsolePairView.of(ConsoleFixtures.healthy("n2", "n1"), null, List.of(), NOW).operation()).isNull();
    }

    @Test
    void theControllersLeaderEpochAndQuorumOnlyWithCoordination() {
        assertThat(ConsolePairView.of(ConsoleFixtures.healthy("n1", "n2"), null, List.of(), NOW).controllers()).isNull();
        ConsolePairView.Controllers c = ConsolePairView.of(ConsoleFixtures.coordinated(
                ConsoleFixtures.healthy("n1", "n2")), null, List.of(), NOW).controllers();
        assertThat(c.leader()).isEqualTo("c1");
        assertThat(c.epoch()).isEqualTo(7);
        assertThat(c.self()).isEqualTo("c1 (leader)");
        assertThat(c.quorum()).isEqualTo("2 of 3 ZooKeeper members serving");
        assertThat(c.members()).containsExactly("h1:2181 leader", "h2:2181 follower",
                "h3:2181 unreachable: connection refused");
    }

    @Test
    void eachPendingProposalWithItsActionAndWhereToOpenIt() {
        ControllerStatus s = ConsoleFixtures.masterDown(List.of(ConsoleFixtures.failover("p1")));
        ConsolePairView v = ConsolePairView.of(s, null, List.of(), NOW);
        assertThat(v.pending()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo("p1");
            assertThat(p.kind()).isEqualTo("FAILOVER");
            assertThat(p.action()).isEqualTo("promote n2 to master; fence n1");
            assertThat(p.href()).isEqualTo("/proposals/p1");
            assertThat(p.expires()).isEqualTo("expires 2025-05-01 10:15:03 UTC");
        });
    }

    @Test
    void theSameInputsMakeEqualViewsSoAnUnchangedPairSendsNothing() {
        ControllerStatus s = ConsoleFixtures.masterDown(List.of(ConsoleFixtures.failover("p1")));
        assertThat(ConsolePairView.of(s, ConsoleFixtures.snapshot(), ConsoleFixtures.failoverLines(false), NOW))
                .isEqualTo(ConsolePairView.of(s, ConsoleFixtures.snapshot(), ConsoleFixtures.failoverLines(false),
                        NOW.plus(Duration.ofSeconds(1))));
    }

    @Test
    void anOperationRunningThatWroteNoLineYetIsTheStatusesNotTheLastOnesSteps() {
        ControllerStatus s = ConsoleFixtures.healthy("n2", "n1");
        ControllerStatus running = new ControllerStatus(s.cluster(), s.state(), s.since(), s.sentence(), s.evidence(),
                s.dbCode(), s.appState(), s.appSentence(), s.nodes(), s.proposals(), s.failoverBlock(),
                "switchover s-1 (n1 becomes the master) by alice since 2025-05-01T10:00:04Z", s.lastCycleAt(),
                s.lastCycleMillis(), s.cycles(), s.replicaLagSeconds(), s.mode(), s.source());
        ConsolePairView v = ConsolePairView.of(running, null, ConsoleFixtures.failoverLines(true), NOW);
        assertThat(v.operation().running()).isTrue();
        assertThat(v.operation().title()).isEqualTo("switchover s-1 (n1 becomes the master) by alice since"
                + " 2025-05-01T10:00:04Z");
        assertThat(v.operation().steps()).isEmpty();
    }
}
