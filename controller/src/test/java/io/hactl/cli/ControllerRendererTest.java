package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ControllerRendererTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    @DisplayName("Status ages read as the incident report writes spans (45.3 s ago, 2m 06s ago, 3d 04h ago, in 30.0 s)")
    void statusAgesUseTheOneHumanDurationStyle() {
        assertThat(ControllerRenderer.ago(NOW.minusMillis(45_300), NOW)).isEqualTo("45.3 s ago");
        assertThat(ControllerRenderer.ago(NOW.minusSeconds(126), NOW)).isEqualTo("2m 06s ago");
        assertThat(ControllerRenderer.ago(NOW.minus(Duration.ofHours(76)), NOW)).isEqualTo("3d 04h ago");
        assertThat(ControllerRenderer.ago(NOW.plusSeconds(30), NOW)).isEqualTo("in 30.0 s");
    }
}
