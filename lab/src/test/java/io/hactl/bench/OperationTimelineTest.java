package io.hactl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.log.OperationEntry;
import io.hactl.log.TransitionEntry;
import io.hactl.log.TransitionEntry.Event;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 20, the profile: the failover's steps as ms after the ack, the bench's two client-side marks in place. */
class OperationTimelineTest {

    private static OperationEntry step(Instant ack, long ms, Event e, String node, String step, Long elapsed) {
        return new OperationEntry(ack.plusMillis(ms), "lab", e, "failover", "op-1", step, node, e == Event.STEP_END
                ? "ok" : null, null, "bench", null, elapsed);
    }

    @Test
    void eachStepsStartAndEndAsMillisAfterTheAck_theClientMarksInTheirPlace_nothingBeforeTheAck() {
        Instant ack = Instant.parse("2026-12-06T19:00:00Z");
        List<TransitionEntry> log = List.of(step(ack, -5, Event.STEP_END, "n1", "an earlier step", 3L),
                step(ack, 100, Event.STEP_START, "n2", "set read_only=OFF (writable)", null),
                step(ack, 108, Event.STEP_END, "n2", "set read_only=OFF (writable)", 8L),
                step(ack, 300, Event.STEP_START, "n2", "check that no other MAC answers ARP", null));

        assertThat(OperationTimeline.lines(log, ack, 150, 250)).containsExactly(
                "+  100 ms  STEP_START n2   set read_only=OFF (writable)",
                "+  108 ms  STEP_END   n2   set read_only=OFF (writable) (8 ms)",
                "+  150 ms  (bench) n2 writable through the VIP",
                "+  250 ms  (bench) the writer's first acknowledged write",
                "+  300 ms  STEP_START n2   check that no other MAC answers ARP");
    }
}
