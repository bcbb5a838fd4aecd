package io.hactl.ops.db;

import static io.hactl.ops.db.SwitchPlannerTest.N1;
import static io.hactl.ops.db.SwitchPlannerTest.N2;
import static io.hactl.ops.db.SwitchPlannerTest.VIP;
import static io.hactl.ops.db.SwitchPlannerTest.master;
import static io.hactl.ops.db.SwitchPlannerTest.replicaOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.db.DbState;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, defect 4 ("a failover that cannot finish starts by breaking things"): every check of
 * a promotion that can refuse is decided before the first change, from what was read. Target n2,
 * old master n1.
 */
class PromotionCheckTest {

    static final String ACK = "the acknowledgement";

    static NodeView n2(DbState db) {
        return new NodeView(N2, db, null, true, null, false, false);
    }

    static NodeView n1Down(boolean shellOk, String dbError) {
        return new NodeView(N1, null, dbError, shellOk, shellOk ? null : "ssh: connect timed out", shellOk, shellOk);
    }

    static PromotionCheck.Decision decide(NodeView t, NodeView x, List<String> arp, String arpError) {
        return PromotionCheck.decide(new Observation(t, x, VIP, null, arp, arpError, null), ACK, false);
    }

    static DbState replica(boolean sqlRunning, int sqlErrno) {
        return replicaOf(N1.address(), "0-1-7", "Connecting", sqlRunning, sqlErrno, null);
    }

    @Test
    @DisplayName("A failover that cannot finish starts by breaking things: a stopped SQL thread is started, said in the plan")
    void aFailoverThatCannotFinishDoesNotStartByBreakingThings_stoppedSqlThreadIsStartedAndSaid() {
        PromotionCheck.Decision d = decide(n2(replica(false, 0)), n1Down(true, "Connection refused"), List.of(), null);
        assertThat(d.refused()).isFalse();
        assertThat(d.startSqlThread()).isTrue();
        assertThat(d.notes()).anyMatch(n -> n.startsWith("n2's SQL thread is stopped (no error): it is started to apply"
                + " the relay log") && n.endsWith("the acknowledgement covers it"));
    }

    @Test
    void aSqlThreadStoppedOnAnErrorIsRefusedBeforeAnyChange() {
        PromotionCheck.Decision d = decide(n2(replica(false, 1062)), n1Down(true, "Connection refused"), List.of(), null);
        assertThat(d.refused()).isTrue();
        assertThat(d.refusal()).startsWith("n2's SQL thread stopped on error 1062 (Duplicate entry): its relay log cannot"
                + " be applied");
        assertThat(d.fix()).contains("repair replication on n2");
    }

    @Test
    void aRunningSqlThreadIsLeftAlone() {
        PromotionCheck.Decision d = decide(n2(replica(true, 0)), n1Down(true, "Connection refused"), List.of(), null);
        assertThat(d.startSqlThread()).isFalse();
        assertThat(d.notes()).noneMatch(n -> n.contains("SQL thread"));
    }

    @Test
    void theNewMastersDatabaseMustAnswerAndItsShellRun() {
        NodeView t = new NodeView(N2, null, "Connection refused", true, null, false, false);
        assertThat(decide(t, n1Down(true, "x"), List.of(), null).refusal()).startsWith("n2's database does not answer");
        NodeView noShell = new NodeView(N2, replica(true, 0), null, false, "ssh: refused", false, false);
        assertThat(decide(noShell, n1Down(true, "x"), List.of(), null).fix()).isEqualTo("fix ssh first: hactl ssh test n2");
    }

    @Test
    void anUnreachableOldMasterWhoseVipStillAnswersIsRefused() {
        PromotionCheck.Decision d = decide(n2(replica(true, 0)), n1Down(false, "connect timed out"),
                List.of("02:00:c6:33:64:0b"), null);
        assertThat(d.refused()).isTrue();
        assertThat(d.refusal()).isEqualTo("DB VIP " + VIP + " is answered by 02:00:c6:33:64:0b (asked from n2): another host"
                + " holds it");
        assertThat(d.fix()).startsWith("it may be n1, which commands cannot reach to remove it (ssh: connect timed out)")
                .contains("ip addr del " + VIP + "/PREFIX dev eth0");
    }

    @Test
    void anUnreachableOldMasterAndNoArpAnswerIsRefusedOnlyWhenArpCouldNotBeAsked() {
        PromotionCheck.Decision free = decide(n2(replica(true, 0)), n1Down(false, "connect timed out"), List.of(), null);
        assertThat(free.refused()).isFalse();
        assertThat(free.salvage()).isFalse();
        assertThat(free.notes()).anyMatch(n -> n.startsWith("n1 does not answer ssh either: its binary log cannot be read,"
                + " and it cannot be fenced now"));
        PromotionCheck.Decision unknown = decide(n2(replica(true, 0)), n1Down(false, "connect timed out"), null,
                "arping: exit 2");
        assertThat(unknown.refusal()).isEqualTo("cannot remove DB VIP " + VIP + " from n1 (ssh: connect timed out) nor ask"
                + " from n2 who answers ARP for it (arping: exit 2)");
    }

    @Test
    void aDeadDatabaseOnALiveHostHasItsBinaryLogRead() {
        PromotionCheck.Decision d = decide(n2(replica(true, 0)), n1Down(true, "Connection refused"), List.of(), null);
        assertThat(d.salvage()).isTrue();
        assertThat(d.blockOldWrites()).isFalse();
        assertThat(d.notes()).anyMatch(n -> n.contains("n2 reads n1's binary log from its own position")
                && n.contains("restart MySQL in place on n1"));
    }

    @Test
    void aLiveOldMasterHasEveryWriteBlockedFirst() {
        NodeView x = new NodeView(N1, master("0-1-7"), null, true, null, true, true);
        PromotionCheck.Decision d = decide(n2(replica(true, 0)), x, null, null);
        assertThat(d.blockOldWrites()).isTrue();
        assertThat(d.salvage()).isFalse();
        assertThat(d.notes()).anyMatch(n -> n.startsWith("n1's database answers: every write on it is blocked"));
        NodeView noShell = new NodeView(N1, master("0-1-7"), null, false, "ssh: refused", false, false);
        assertThat(decide(n2(replica(true, 0)), noShell, null, null).refusal())
                .startsWith("n1's database answers but commands cannot run on it (ssh: refused)");
    }
}
