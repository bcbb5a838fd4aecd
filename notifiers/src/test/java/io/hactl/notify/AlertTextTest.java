package io.hactl.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hactl.state.ClusterState;
import io.hactl.state.Proposal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertTextTest {

    @Test
    void subjectStartsWithSeverityAndCluster() {
        assertThat(Samples.masterDown().subject()).isEqualTo("[CRITICAL] pair1: MASTER_DOWN — failover proposed");
        assertThat(Samples.state(ClusterState.ACTIVE_SYNCED, ClusterState.DEGRADED, Samples.T0).subject())
                .isEqualTo("[WARNING] pair1: DEGRADED");
    }

    @Test
    void bodySaysWhatHappenedTheEvidenceAndHowToConfirm() {
        String body = AlertText.plain(Samples.masterDown());
        assertThat(body).contains("State change: ACTIVE_SYNCED → MASTER_DOWN.",
                "master n1 down: unreachable for 3 cycles and replica n2 confirms",
                "  - n1 SQL: connection refused since 19:02:03.120",
                "Proposal p-1a2b3c (pending): promote n2 to master; fence n1",
                "Risk:    n2 is 0 transactions behind",
                "Confirm: hactl ack p-1a2b3c   (or POST /api/proposals/p-1a2b3c/ack)",
                "Reject:  hactl reject p-1a2b3c",
                "Time: 2025-03-04 19:02:04.512 UTC");
    }

    @Test
    void aDecidedProposalIsNotOfferedForConfirmation() {
        Proposal acked = Samples.failover().decided(Proposal.Status.ACKNOWLEDGED, "alice", Samples.T0.plusSeconds(20),
                "n1 is gone for good");
        Alert a = Alert.acknowledged("pair1", Samples.T0.plusSeconds(20), acked);
        assertThat(a.subject()).isEqualTo("[INFO] pair1: failover p-1a2b3c acknowledged by alice");
        assertThat(a.sentence()).contains("n1 is gone for good", "promote n2 to master");
        assertThat(AlertText.plain(a)).doesNotContain("Confirm:").contains("(acknowledged)");
    }

    @Test
    void reminderAndRecoverySayHowLong() {
        Alert degraded = Samples.state(ClusterState.ACTIVE_SYNCED, ClusterState.DEGRADED, Samples.T0);
        Alert reminder = degraded.asReminder(Samples.T0.plus(Duration.ofMinutes(30)), Samples.T0, 0);
        assertThat(reminder.subject()).isEqualTo("[WARNING] pair1: still DEGRADED");
        assertThat(AlertText.plain(reminder)).contains("Reminder: DEGRADED still stands (since 2025-03-04 19:02:04.512 UTC,"
                + " 30m00s).");
        Alert back = Samples.state(ClusterState.DEGRADED, ClusterState.ACTIVE_SYNCED, Samples.T0.plusSeconds(252));
        Alert recovery = degraded.asRecovery(back, Samples.T0, 3);
        assertThat(recovery.subject()).isEqualTo("[INFO] pair1: ACTIVE_SYNCED — DEGRADED cleared");
        assertThat(AlertText.plain(recovery)).contains("Recovered: DEGRADED → ACTIVE_SYNCED after 4m12s.",
                "Flapping: 3 change(s) of this condition were held back");
    }

    @Test
    void genericJsonHasEveryField() {
        JsonNode j = AlertJson.generic(Samples.masterDown());
        assertThat(j.get("version").asInt()).isEqualTo(1);
        assertThat(j.get("cluster").asText()).isEqualTo("pair1");
        assertThat(j.get("time").asText()).isEqualTo("2025-03-04T19:02:04.512Z");
        assertThat(j.get("kind").asText()).isEqualTo("state_change");
        assertThat(j.get("severity").asText()).isEqualTo("critical");
        assertThat(j.get("from").asText()).isEqualTo("ACTIVE_SYNCED");
        assertThat(j.get("to").asText()).isEqualTo("MASTER_DOWN");
        assertThat(j.get("subject").asText()).isEqualTo("[CRITICAL] pair1: MASTER_DOWN — failover proposed");
        assertThat(j.get("evidence")).hasSize(2);
        assertThat(j.at("/proposal/id").asText()).isEqualTo("p-1a2b3c");
        assertThat(j.at("/proposal/confirm_command").asText()).isEqualTo("hactl ack p-1a2b3c");
        assertThat(j.at("/proposal/confirm_api").asText()).isEqualTo("POST /api/proposals/p-1a2b3c/ack");
        assertThat(j.at("/proposal/risk").asText()).isEqualTo("n2 is 0 transactions behind");
        assertThat(j.at("/proposal/expires_at").asText()).isEqualTo("2025-03-04T19:17:04.512Z");
        assertThat(j.get("dedup_key").asText()).isEqualTo("pair1:state:MASTER_DOWN");
        assertThat(j.get("suppressed_flaps").asInt()).isZero();
        assertThat(j.get("text").asText()).contains("hactl ack p-1a2b3c");
    }

    @Test
    void slackTextIsEscapedMrkdwn() {
        Alert a = Alert.stateChange("pair1", Samples.T0, ClusterState.ACTIVE_SYNCED, ClusterState.SPLIT_BRAIN,
                "DB VIP answered by <two> MACs & n2 writable", List.of(), null);
        String text = AlertJson.slack(a).get("text").asText();
        assertThat(text).startsWith("*[CRITICAL] pair1: SPLIT_BRAIN*\n")
                .contains("DB VIP answered by &lt;two&gt; MACs &amp; n2 writable");
    }

    @Test
    void teamsIsAnAdaptiveCard() {
        JsonNode j = AlertJson.teams(Samples.masterDown());
        assertThat(j.get("type").asText()).isEqualTo("message");
        JsonNode card = j.at("/attachments/0/content");
        assertThat(j.at("/attachments/0/contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat(card.get("type").asText()).isEqualTo("AdaptiveCard");
        assertThat(card.at("/body/0/text").asText()).isEqualTo("[CRITICAL] pair1: MASTER_DOWN — failover proposed");
        assertThat(card.at("/body/0/color").asText()).isEqualTo("Attention");
        assertThat(card.toString()).contains("hactl ack p-1a2b3c");
    }

    @Test
    void dedupKeysNameTheCondition() {
        assertThat(Samples.masterDown().dedupKey()).isEqualTo("pair1:state:MASTER_DOWN");
        assertThat(Alert.proposal("pair1", Samples.T0, ClusterState.MASTER_DOWN, Samples.failover()).dedupKey())
                .isEqualTo("pair1:proposal:p-1a2b3c");
        assertThat(Alert.interrupted("pair1", Samples.T0, "failover", "op-7", "started, never ended", List.of())
                .severity()).isEqualTo(io.hactl.model.Severity.CRITICAL);
    }
}
