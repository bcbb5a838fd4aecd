package io.hactl.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hactl.log.TransitionEntry.Event;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The entry types and their events: one closed set, the same names in the enum, in Jackson's and on disk. */
class TransitionEntryTest {

    @Test
    void everyEventNameReadsBackAsTheTypeItsEventNames() throws JsonProcessingException {
        for (Event event : Event.values()) {
            TransitionEntry e = TransitionLog.mapper().readValue("{\"time\":\"2026-12-01T19:02:03Z\",\"event\":\""
                    + event.json() + "\"}", TransitionEntry.class);
            assertThat(e).as(event.json()).isInstanceOf(event.type());
            assertThat(e.event()).isEqualTo(event);
            assertThat(Event.named(event.json())).hasValue(event);
        }
        assertThat(Event.named("lease-renewed")).isEmpty();
        assertThat(Event.named(null)).isEmpty();
    }

    @Test
    void theGoldenLogHasALineOfEveryEvent() {
        assertThat(GoldenLog.entries().stream().map(TransitionEntry::event).distinct())
                .containsExactlyInAnyOrder(Event.values());
    }

    @Test
    void anEventIsWrittenAndPrintedByItsNameOnDisk() {
        assertThat(Event.ALERT_FAILED).hasToString("alert-failed");
        assertThat(Arrays.stream(Event.values()).map(Event::json))
                .allMatch(n -> n.equals(n.toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
    }

    @Test
    void aLineBuiltWithAnotherKindsEventIsRefusedNamingBothTypes() {
        Instant t = Instant.parse("2026-12-01T19:02:03Z");
        assertThatThrownBy(() -> new StateEntry(t, "pair1", Event.NOTE, null, null, "x", null, "alice", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a note line is a OperationEntry, not a StateEntry");
        assertThatThrownBy(() -> new OperationEntry(t, "pair1", null, null, null, null, null, null, null, null, null,
                null)).isInstanceOf(NullPointerException.class).hasMessage("event");
    }

    @Test
    void theOperationRunOfALineIsAnOperationsIdOrTheRunAnAckStarted() {
        Instant t = Instant.parse("2026-12-01T19:02:03Z");
        assertThat(TransitionEntry.operationIdOf(new OperationEntry(t, "pair1", Event.NOTE, "failover", "a1", null,
                null, null, "x", "alice", null, null))).isEqualTo("a1");
        assertThat(TransitionEntry.operationIdOf(ProposalEntry.of(t, "pair1", Event.ACK, GoldenLog.failover(), "a2",
                "alice", null))).isEqualTo("a2");
        assertThat(TransitionEntry.operationIdOf(StateEntry.of(t, "pair1", Event.STATE, null, "MASTER_DOWN", "x",
                null, "controller", null))).isNull();
    }
}
