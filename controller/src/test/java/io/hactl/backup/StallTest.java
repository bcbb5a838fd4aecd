package io.hactl.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StallTest {

    @Test
    @DisplayName("A stall names its limit as --stall-timeout takes it (5m, 90s, 500ms)")
    void stallNamesItsLimitInTheFlagsSyntax() {
        for (var c : new String[][] {{"PT5M", "5m"}, {"PT90S", "90s"}, {"PT0.5S", "500ms"}}) {
            try (Stall stall = new Stall(Duration.parse(c[0]), () -> { }, "stall-test")) {
                assertThat(stall.describe()).isEqualTo("nothing moved for " + c[1]);
            }
        }
    }
}
