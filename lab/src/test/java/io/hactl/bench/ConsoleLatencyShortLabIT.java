package io.hactl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.lab.Lab;
import io.hactl.lab.LabExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console latency bench's short version (the whole one is bench/console-latency.sh, 10 runs): 2 runs of
 * n2's SQL thread stopped and started, each state change seen on the open page without a reload, the median
 * within the 1 s. Needs the console's live updates (the pair page's #state changed in place).
 */
@Tag("lab")
@ExtendWith(LabExtension.class)
class ConsoleLatencyShortLabIT {

    @Test
    void consoleLatencyShort_twoRuns_everyStateChangeVisibleOnTheOpenPage_medianWithinOneSecond(Lab lab) throws Exception {
        Path hactl = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent().resolve("bin/hactl");
        Path dir = Path.of("target", "console-latency-" + System.currentTimeMillis());
        ConsoleLatencyBench.Result r = ConsoleLatencyBench.run(lab, hactl, lab.config(), dir, 2,
                line -> System.out.println("[console-latency] " + line));
        System.out.println(r.figures());
        assertThat(r.changes()).extracting(ConsoleLatencyBench.Change::state)
                .containsExactly("DEGRADED", "ACTIVE_SYNCED", "DEGRADED", "ACTIVE_SYNCED");
        assertThat(r.stateToVisible()).allMatch(ms -> ms >= 0, "seen on the page after the controller's change");
        assertThat(BenchWait.medianOf(r.stateToVisible())).as("median state change -> visible (ms)")
                .isLessThanOrEqualTo(ConsoleLatencyBench.GOAL_MS);
    }
}
