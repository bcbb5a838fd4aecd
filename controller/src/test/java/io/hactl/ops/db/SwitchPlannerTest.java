package io.hactl.ops.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.config.NodeConfig;
import io.hactl.db.DbState;
import io.hactl.db.GtidMemory;
import io.hactl.model.DbProbe.Flavor;
import io.hactl.model.ReplicaStatus;
import io.hactl.ops.db.SwitchPlan.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** db-master-set --node n2 (target n2, other n1) in every situation the planner tells apart. */
class SwitchPlannerTest {

    static final NodeConfig N1 = new NodeConfig("n1", "198.51.100.11", "eth0", null);
    static final NodeConfig N2 = new NodeConfig("n2", "198.51.100.12", "eth0", null);
    static final String VIP = "198.51.100.89";
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final SwitchPlanner.Options PLAIN = new SwitchPlanner.Options(false, false, Duration.ofSeconds(10));
    static final SwitchPlanner.Options FORCE_SYNC = new SwitchPlanner.Options(true, false, Duration.ofSeconds(10));
    static final SwitchPlanner.Options FORCE = new SwitchPlanner.Options(false, true, Duration.ofSeconds(10));

    static DbState db(boolean readOnly, String pos, String state, ReplicaStatus replica) {
        return new DbState(Flavor.MARIADB, "10.11.19-MariaDB", 1, readOnly, null, false, true, true, pos, state, pos,
                "", null, replica);
    }

    static DbState master(String pos) {
        return db(false, pos, null, null);
    }

    static DbState replicaOf(String host, String pos, String io, boolean sql, int sqlErrno, Long lag) {
        return db(true, pos, null, new ReplicaStatus(host, 3306, io, sql, lag, 0, "", sqlErrno,
                sqlErrno == 0 ? "" : "Duplicate entry", "", "Slave_Pos"));
    }

    static DbState replicaOfN1(String pos) {
        return replicaOf(N1.address(), pos, "Yes", true, 0, 0L);
    }

    static NodeView up(NodeConfig n, DbState db, boolean holdsDbVip) {
        return new NodeView(n, db, null, true, null, holdsDbVip, n == N1);
    }

    static NodeView dbDown(NodeConfig n, boolean shellOk) {
        return new NodeView(n, null, "Communications link failure", shellOk, shellOk ? null : "ssh: timeout", false, false);
    }

    static SwitchPlan plan(NodeView target, NodeView other, SwitchPlanner.Options opt) {
        return plan(target, other, null, List.of(), opt);
    }

    static SwitchPlan plan(NodeView target, NodeView other, GtidMemory.Seen seen, List<String> arp,
                           SwitchPlanner.Options opt) {
        return SwitchPlanner.plan(new Observation(target, other, VIP, seen, arp, null), opt, NOW);
    }

    static GtidMemory.Seen seen(String pos) {
        return new GtidMemory.Seen(NOW.minusSeconds(30), Flavor.MARIADB, pos, null, false, false, "check");
    }

    // ------------------------------------------------------------------ the target itself

    @Test
    void targetUnreachableIsRefused() {
        SwitchPlan p = plan(dbDown(N2, true), up(N1, master("0-1-7"), true), PLAIN);
        assertThat(p.kind()).isEqualTo(Kind.REFUSE);
        assertThat(p.reason()).startsWith("n2's database cannot be reached (Communications link failure)");
    }

    @Test
    void targetWithoutShellIsRefused() {
        NodeView t = new NodeView(N2, replicaOfN1("0-1-7"), null, false, "ssh: connection refused", false, false);
        SwitchPlan p = plan(t, up(N1, master("0-1-7"), true), PLAIN);
        assertThat(p.kind()).isEqualTo(Kind.REFUSE);
        assertThat(p.fix()).isEqualTo("fix ssh first: hactl ssh test n2");
    }

    @Test
    void targetWithoutLogSlaveUpdatesIsRefused() {
        DbState noLsu = new DbState(Flavor.MARIADB, "10.11", 2, true, null, false, true, false, "0-1-7", null, "0-1-7",
                "0-1-7", null, replicaOfN1("0-1-7").replica());
        SwitchPlan p = plan(up(N2, noLsu, false), up(N1, master("0-1-7"), true), PLAIN);
        assertThat(p.kind()).isEqualTo(Kind.REFUSE);
        assertThat(p.reason()).contains("log_slave_updates=OFF");
    }

    // ------------------------------------------------------------------ the master by replication, no VIP

    @Test
    void masterByReplicationWithoutVipGetsTheVip() {
        // a new pair after db-replica-init: n1 replicates from n2, nobody holds the DB VIP
        DbState n1Replica = replicaOf(N2.address(), "0-2-9", "Yes", true, 0, 0L);
        SwitchPlan p = plan(up(N2, master("0-2-9"), false), up(N1, n1Replica, false), PLAIN);
        assertThat(p.kind()).isEqualTo(Kind.ADD_VIP);
        assertThat(p.summary()).isEqualTo("add DB VIP 198.51.100.89 to n2");
        assertThat(p.notes()).singleElement().asString().startsWith("n2 replicates from nobody and n1 replicates from it")
                .endsWith("no node holds DB VIP 198.51.100.89");
    }

    @Test
    void readOnlyMasterByReplicationIsMadeWritableToo() {
        DbState n1Replica = replicaOf(N2.address(), "0-2-9", "Yes", true, 0, 0L);
        SwitchPlan p = plan(up(N2, db(true, "0-2-9", null, null), false), up(N1, n1Replica, false), PLAIN);
        assertThat(p.kind()).isEqualTo(Kind.ADD_VIP);
        assertThat(p.summary()).isEqualTo("make n2 writable, add DB VIP 198.51.100.89 to n2");
    }

    @Test
    void vipOnTheOtherNodeOrBrokenReplicationIsNoAddVip() {
        DbState n1Replica = replicaOf(N2.address(), "0-2-9", "Yes", true, 0, 0L);
        assertThat(plan(up(N2, master("0-2-9"), false), up(N1, n1Replica, true), PLAIN).kind()).isNotEqualTo(Kind.ADD_VIP);
        DbState broken = replicaOf(N2.address(), "0-2-9", "Yes", false, 1062, null);
        assertThat(plan(up(N2, master("0-2-9"), false), up(N1, broken, false), PLAIN).kind()).isNotEqualTo(Kind.ADD_VIP);
        // neither replicates: a new pair before db-replica-init is refused as before
        SwitchPlan p = plan(up(N2, master("0-2-9"), false), up(N1, master("0-1-7"), false), PLAIN);
        assertThat(p.kind()).isEqualTo(Kind.REFUSE);
    }

    // ------------------------------------------------------------------ planned switch

    @Test
    void replicaInSyncIsSwitched() {
        SwitchPlan p = plan(up(N2, replicaOfN1("0-1-7"), false), up(N1, master("0-1-7"), true), PLAIN);
        assertThat(p.kind()).isEqualTo(Kind.SWITCH);
        assertThat(p.forceSync()).isFalse();
        assertThat(p.notes()).containsExactly("n2 and n1 have the same transactions (GTID 0-1-7)");
    }

    @Test
    void replicaBehindButReplicatingIsSwitchedAfterTheWait() {
        SwitchPlan p = plan(up(N2, replicaOfN1("0-1-5"), false), up(N1, master("0-1-7"), true), PLAIN);
        assertThat(p.kind()).isEqualTo(Kind.SWITCH);
        assertThat(p.notes().get(0)).startsWith("n2 is behind n1 by 2 transactions").endsWith("should catch up once n1 is read-only");
    }

    @Test
    void replicaBehindThatCannotCatchUpIsRefused() {
        DbState stopped = replicaOf(N1.address(), "0-1-5", "Yes", false, 0, null);
        SwitchPlan p = plan(up(N2, stopped, false), up(N1, master("0-1-7"), true), PLAIN);
        assertThat(p.kind()).isEqualTo(Kind.REFUSE);
        assertThat(p.reason()).startsWith("n2 is behind n1 by 2 transactions").contains("cannot catch up",
                "SQL thread No");
    }

    @Test
    void replicaTooFarBehindForTheTimeoutIsRefused() {
        DbState lagging = replicaOf(N1.address(), "0-1-5", "Yes", true, 0, 120L);
        SwitchPlan p = plan(up(N2, lagging, false), up(N1, master("0-1-7"), true), PLAIN);
        assertThat(p.kind()).isEqualTo(Kind.REFUSE);
        assertThat(p.reason()).isEqualTo("n2 is 120 s behind n1: it would not catch up within --timeout 10s");
    }

    @Test
    void replicaWithAnErrantTransactionIsRefusedMasterFailureTwo() {
        DbState errant = db(true, "0-2-8", "0-1-7,0-2-8", replicaOfN1("0-1-7").replica());
        SwitchPlan p = plan(up(N2, errant, false), up(N1, master("0-1-7"), true), PLAIN);
        assertThat(p.kind()).isEqualTo(Kind.REFUSE);
        assertThat(p.reason()).startsWith("the databases are not synchronized: n2 has transactions n1 lacks")
                .contains("n2 has 1 transaction that n1 lacks: 0-2-8 (n2 at 0-2-8, n1 at 0-1-7)");
        assertThat(p.fix()).contains("copy n1's data to n2", "hactl db-master-set --node n1 --force-sync");
    }

    @Test
    void aNodeThatIsNotAReplicaIsRefused() {
        SwitchPlan p = plan(up(N2, db(true, "0-1-5", null, null), false), up(N1, master("0-1-7"), true), PLAIN);
        assertThat(p.kind()).isEqualTo(Kind.REFUSE);
        assertThat(p.reason()).startsWith("n2 is not a replica");
        assertThat(p.fix()).startsWith("make n2 a replica of n1 again first: hactl db-master-set --node n1");
        SwitchPlan diverged = plan(up(N2, db(true, "0-2-8", "0-1-5,0-2-8", null), false), up(N1, master("0-1-7"), true),
                PLAIN);
        assertThat(diverged.fix()).contains("--force-sync")
                .contains("with clients writing on, rebuild it: hactl db-replica-init --node n2");
    }

    @Test
    void forceSyncSwitchesWithoutTheCheck() {
        DbState errant = db(true, "0-2-8", "0-1-7,0-2-8", null);
        SwitchPlan p = plan(up(N2, errant, false), up(N1, master("0-1-7"), true), FORCE_SYNC);
        assertThat(p.kind()).isEqualTo(Kind.SWITCH);
        assertThat(p.forceSync()).isTrue();
    }

    @Test
    void otherWithoutShellIsRefused() {
        NodeView x = new NodeView(N1, master("0-1-7"), null, false, "ssh: auth failed", false, false);
        SwitchPlan p = plan(up(N2, replicaOfN1("0-1-7"), false), x, PLAIN);
        assertThat(p.kind()).isEqualTo(Kind.REFUSE);
        assertThat(p.reason()).contains("the DB VIP could not be removed from it");
    }

    @Test
    void otherThatIsItselfAReplicaIsRefused() {
        SwitchPlan p = plan(up(N2, replicaOfN1("0-1-7"), false),
                up(N1, replicaOf("198.51.100.50", "0-1-7", "Yes", true, 0, 0L), true), PLAIN);
        assertThat(p.kind()).isEqualTo(Kind.REFUSE);
        assertThat(p.reason()).startsWith("n1 is not the master: it replicates from 198.51.100.50");
    }

    // ------------------------------------------------------------------ target already master

    @Test
    void alreadyMasterWithAHealthyReplicaIsNothingToDo() {
        SwitchPlan p = plan(up(N2, master("0-2-9"), true),
                up(N1, replicaOf(N2.address(), "0-2-9", "Yes", true, 0, 0L), false), PLAIN);
        assertThat(p.kind()).isEqualTo(Kind.NOTHING_TO_DO);
        assertThat(p.summary()).isEqualTo("n2 is already the master (writable, DB VIP 198.51.100.89) and n1 replicates from it");
    }

    @Test
    void aMasterThatCameBackReadOnlyIsMadeWritable() {
        SwitchPlan p = plan(up(N2, db(true, "0-2-9", null, null), true),
                up(N1, replicaOf(N2.address(), "0-2-9", "Yes", true, 0, 0L), false), PLAIN);
        assertThat(p.kind()).isEqualTo(Kind.MAKE_WRITABLE);
    }

    @Test
    void aFormerMasterThatIsBehindRejoinsAsReplica() {
        // n2 was promoted stand-alone; n1 came back writable, with nothing n2 lacks
        SwitchPlan p = plan(up(N2, db(false, "0-2-9", "0-1-7,0-2-9", null), true), up(N1, master("0-1-7"), false), PLAIN);
        assertThat(p.kind()).isEqualTo(Kind.REJOIN);
        assertThat(p.forceSync()).isFalse();
        assertThat(p.notes().get(0)).contains("n1 is behind n2 by 2 transactions");
    }

    @Test
    void aFormerMasterWithTransactionsTheMasterLacksIsRefused() {
        SwitchPlan p = plan(up(N2, db(false, "0-2-9", "0-1-7,0-2-9", null), true), up(N1, master("0-1-8"), false), PLAIN);
        assertThat(p.kind()).isEqualTo(Kind.REFUSE);
        assertThat(p.reason()).contains("Master failure II", "n1 and n2 have diverged");
        assertThat(p.fix()).contains("copy n2's data to n1", "hactl db-master-set --node n2 --force-sync");
        assertThat(plan(up(N2, db(false, "0-2-9", "0-1-7,0-2-9", null), true), up(N1, master("0-1-8"), false), FORCE_SYNC)
                .kind()).isEqualTo(Kind.REJOIN);
    }

    @Test
    void aBrokenReplicaIsNotRejoinedSilently() {
        DbState broken = replicaOf(N2.address(), "0-2-8", "Yes", false, 1062, null);
        SwitchPlan p = plan(up(N2, db(false, "0-2-9", "0-1-7,0-2-9", null), true), up(N1, broken, false), PLAIN);
        assertThat(p.kind()).isEqualTo(Kind.REFUSE);
        assertThat(p.reason()).contains("SQL error 1062");
    }

    // ------------------------------------------------------------------ other unreachable

    @Test
    void standaloneNeedsAMemoryOfTheOldMaster() {
        NodeView t = up(N2, replicaOf(N1.address(), "0-1-7", "Connecting", true, 0, null), false);
        SwitchPlan p = plan(t, dbDown(N1, false), null, List.of(), PLAIN);
        assertThat(p.kind()).isEqualTo(Kind.REFUSE);
        assertThat(p.reason()).startsWith("hactl has no record of n1's GTID position");
        assertThat(plan(t, dbDown(N1, false), null, List.of(), FORCE).kind()).isEqualTo(Kind.STANDALONE);
    }

    @Test
    void standaloneIsRefusedWhenTheTargetWasBehind() {
        NodeView t = up(N2, replicaOf(N1.address(), "0-1-7", "Connecting", false, 0, null), false);
        SwitchPlan p = plan(t, dbDown(N1, false), seen("0-1-9"), List.of(), PLAIN);
        assertThat(p.kind()).isEqualTo(Kind.REFUSE);
        assertThat(p.reason()).isEqualTo("n2 lacks transactions n1 had when last seen (n1 last seen at 2026-06-01T11:59:30Z,"
                + " 30 s ago by check): n2 is behind n1 by 2 transactions: n2 lacks 0-1-8..0-1-9 (n2 at 0-1-7, n1 at 0-1-9)");
        assertThat(p.fix()).contains("--force");
        SwitchPlan forced = plan(t, dbDown(N1, false), seen("0-1-9"), List.of(), FORCE);
        assertThat(forced.kind()).isEqualTo(Kind.STANDALONE);
        assertThat(forced.notes()).anyMatch(n -> n.startsWith("--force: n2 lacks transactions"));
    }

    @Test
    void standaloneWhenTheTargetHasEverything() {
        NodeView t = up(N2, replicaOf(N1.address(), "0-1-9", "Connecting", true, 0, null), false);
        SwitchPlan p = plan(t, dbDown(N1, true), seen("0-1-9"), List.of(), PLAIN);
        assertThat(p.kind()).isEqualTo(Kind.STANDALONE);
        assertThat(p.notes()).contains("n1's database cannot be reached (Communications link failure); its node answers ssh");
    }

    @Test
    void standaloneRefusedWhileTheIoThreadStillStreams() {
        NodeView t = up(N2, replicaOfN1("0-1-9"), false);
        SwitchPlan p = plan(t, dbDown(N1, false), seen("0-1-9"), List.of(), PLAIN);
        assertThat(p.kind()).isEqualTo(Kind.REFUSE);
        assertThat(p.reason()).contains("IO thread is still connected");
    }

    @Test
    void standaloneRefusedWhenSomeoneAnswersForTheVip() {
        NodeView t = up(N2, replicaOf(N1.address(), "0-1-9", "Connecting", true, 0, null), false);
        SwitchPlan p = plan(t, dbDown(N1, false), seen("0-1-9"), List.of("02:00:c6:33:64:0b"), PLAIN);
        assertThat(p.kind()).isEqualTo(Kind.REFUSE);
        assertThat(p.reason()).isEqualTo("DB VIP 198.51.100.89 is answered by 02:00:c6:33:64:0b (asked from n2): another host holds it");
        assertThat(plan(t, dbDown(N1, false), seen("0-1-9"), List.of("02:00:c6:33:64:0b"), FORCE).notes())
                .anyMatch(n -> n.endsWith("IP CONFLICT"));
    }

    @Test
    void theOldMastersOwnArpAnswerIsExpectedWhenItsShellAnswers() {
        NodeView t = up(N2, replicaOf(N1.address(), "0-1-9", "Connecting", true, 0, null), false);
        NodeView x = new NodeView(N1, null, "Connection refused", true, null, true, true);
        SwitchPlan p = SwitchPlanner.plan(new Observation(t, x, VIP, seen("0-1-9"), List.of("02:00:c6:33:64:0b"), null,
                "02:00:c6:33:64:0b"), PLAIN, NOW);
        assertThat(p.kind()).isEqualTo(Kind.STANDALONE);
        assertThat(p.notes()).anyMatch(n -> n.contains("the VIP leaves it once n2 holds it"));
        SwitchPlan other = SwitchPlanner.plan(new Observation(t, x, VIP, seen("0-1-9"),
                List.of("02:00:c6:33:64:0b", "02:00:00:00:00:99"), null, "02:00:c6:33:64:0b"), PLAIN, NOW);
        assertThat(other.kind()).isEqualTo(Kind.REFUSE);
        assertThat(other.reason()).contains("answered by 02:00:00:00:00:99 (asked from n2)");
    }

    @Test
    void standaloneAlreadyDoneIsNothingToDo() {
        SwitchPlan p = plan(up(N2, master("0-2-9"), true), dbDown(N1, false), seen("0-1-7"), List.of(), PLAIN);
        assertThat(p.kind()).isEqualTo(Kind.NOTHING_TO_DO);
        assertThat(p.summary()).endsWith("STANDALONE, no replica");
    }

    @Test
    void forceSyncNeedsBothNodes() {
        SwitchPlan p = plan(up(N2, replicaOfN1("0-1-7"), false), dbDown(N1, false), seen("0-1-7"), List.of(), FORCE_SYNC);
        assertThat(p.kind()).isEqualTo(Kind.REFUSE);
        assertThat(p.reason()).startsWith("--force-sync needs both databases");
    }
}
