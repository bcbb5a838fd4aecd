package io.hactl.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hactl.model.Severity;
import io.hactl.state.ClusterState;
import io.hactl.state.Proposal;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeveritiesTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "MASTER_DOWN, CRITICAL", "FAILOVER_PROPOSED, CRITICAL", "SPLIT_BRAIN, CRITICAL", "NO_MASTER, CRITICAL",
            "DEGRADED, WARNING", "STANDALONE, WARNING", "MASTER_UNREACHABLE, WARNING", "OUT_OF_DATE, WARNING",
            "RESYNCING, WARNING", "SWITCHING, WARNING",
            "ACTIVE_SYNCED, OK", "STARTING, OK"})
    void everyStateHasTheIssuesSeverity(ClusterState state, Severity expected) {
        assertThat(Severities.ofState(state)).isEqualTo(expected);
        // the state model says the same, so hactl check and the alerts never disagree
        assertThat(state.severity()).isEqualTo(expected);
    }

    @Test
    void theTableCoversEveryState() {
        assertThat(Arrays.stream(ClusterState.values()).map(Severities::ofState)).doesNotContainNull();
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"INTERRUPTED, CRITICAL", "ACK, OK", "REJECT, OK", "RECOVERY, OK", "TEST, OK", "OPERATION_END, OK"})
    void kinds(Alert.Kind kind, Severity expected) {
        assertThat(Severities.ofKind(kind)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "proposal {0} is {1}")
    @CsvSource({"FAILOVER, CRITICAL", "DETACH_VIP, CRITICAL", "REJOIN, WARNING", "RESYNC, WARNING"})
    void proposals(Proposal.Kind kind, Severity expected) {
        assertThat(Severities.ofProposal(kind)).isEqualTo(expected);
    }

    @Test
    void aFailedOperationIsCriticalAFinishedOneInfo() {
        assertThat(Severities.ofOperationEnd(true)).isEqualTo(Severity.OK);
        assertThat(Severities.ofOperationEnd(false)).isEqualTo(Severity.CRITICAL);
    }

    @ParameterizedTest(name = "''{0}'' reads as {1}")
    @CsvSource({"info, OK", "ok, OK", "Warning, WARNING", " CRITICAL , CRITICAL"})
    void parse(String text, Severity expected) {
        assertThat(Severities.parse(text)).isEqualTo(expected);
    }

    @Test
    void parseSaysWhatIsAccepted() {
        assertThatThrownBy(() -> Severities.parse("urgent")).hasMessageContaining("info, warning or critical");
    }

    @ParameterizedTest(name = "{0} passes min {1}: {2}")
    @CsvSource({"OK, OK, true", "OK, WARNING, false", "WARNING, WARNING, true", "CRITICAL, WARNING, true",
            "WARNING, CRITICAL, false", "CRITICAL, CRITICAL, true"})
    void routing(Severity s, Severity min, boolean passes) {
        assertThat(Severities.passes(s, min)).isEqualTo(passes);
    }

    @Test
    void okIsShownAsInfo() {
        assertThat(Severities.label(Severity.OK)).isEqualTo("INFO");
        assertThat(Severities.label(Severity.CRITICAL)).isEqualTo("CRITICAL");
    }
}
