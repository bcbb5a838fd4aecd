package io.hactl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console latency bench's figures, without a lab or a browser. */
class ConsoleLatencyBenchTest {

    @Test
    void p90_nearestRank() {
        assertThat(ConsoleLatencyBench.p90(List.of(5L, 1L, 3L, 2L, 4L, 6L, 7L, 8L, 9L, 10L))).isEqualTo(9);
        assertThat(ConsoleLatencyBench.p90(List.of(300L, 100L))).isEqualTo(300);
        assertThat(ConsoleLatencyBench.p90(List.of())).isEqualTo(-1);
    }

    @Test
    void firstSeen_theFirstEntryOfThatStateAtOrAfterTheFault_notAnEarlierOne() {
        List<Map<String, Object>> seen = List.of(Map.of("state", "DEGRADED", "at", 900L),
                Map.of("state", "ACTIVE_SYNCED", "at", 1000L), Map.of("state", "DEGRADED", "at", 1500L),
                Map.of("state", "DEGRADED", "at", 1700L));
        assertThat(ConsoleLatencyBench.firstSeen(seen, "DEGRADED", 1200)).contains(1500L);
        assertThat(ConsoleLatencyBench.firstSeen(seen, "NO_MASTER", 0)).isEmpty();
    }

    @Test
    void figures_medianP90MaxOfBothMeasures_andTheGoal() {
        ConsoleLatencyBench.Result r = new ConsoleLatencyBench.Result(List.of(
                new ConsoleLatencyBench.Change(1, "DEGRADED", 700, 200, 900),
                new ConsoleLatencyBench.Change(1, "ACTIVE_SYNCED", 600, 400, 1000)));
        assertThat(r.figures())
                .contains("state change -> visible on the open page: median 300 ms, p90 400 ms, max 400 ms (2 changes)")
                .contains("fault -> visible on the open page       : median 950 ms, p90 1000 ms, max 1000 ms (2 changes)")
                .contains("within 1000 ms");
    }
}
