package io.hactl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** bench/switchover.sh --reference: the code before a change, measured in the same run, side by side. */
class SwitchoverBenchTest {

    @Test
    void withAReferenceTheSidesAlternateAndEachSwitchesBothWaysAsOften() {
        int[] sides = IntStream.range(0, 8).map(SwitchoverBench::side).toArray();

        assertThat(sides).containsExactly(0, 1, 1, 0, 0, 1, 1, 0);
        // switch i goes to n2 when i is even: each side has as many of each direction
        assertThat(IntStream.range(0, 8).filter(i -> i % 2 == 0 && sides[i] == 0).count())
                .isEqualTo(IntStream.range(0, 8).filter(i -> i % 2 == 1 && sides[i] == 0).count()).isEqualTo(2);
    }
}
