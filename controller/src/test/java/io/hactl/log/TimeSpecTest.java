package io.hactl.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeSpecTest {

    static final Instant NOW = Instant.parse("2026-12-01T19:30:00Z");

    @Test
    void aTimeAgo() {
        assertThat(TimeSpec.parse("30m", NOW)).isEqualTo("2026-12-01T19:00:00Z");
        assertThat(TimeSpec.parse("2h", NOW)).isEqualTo("2026-12-01T17:30:00Z");
        assertThat(TimeSpec.parse("90s", NOW)).isEqualTo("2026-12-01T19:28:30Z");
        assertThat(TimeSpec.parse("2d", NOW)).isEqualTo("2026-11-29T19:30:00Z");
        assertThat(TimeSpec.parse("now", NOW)).isEqualTo(NOW);
        assertThat(TimeSpec.parse(" NOW ", NOW)).isEqualTo(NOW);
    }

    @Test
    void aUtcTimeAsHistoryPrintsItOrAnIsoInstant() {
        assertThat(TimeSpec.parse("2026-12-01 19:02", NOW)).isEqualTo("2026-12-01T19:02:00Z");
        assertThat(TimeSpec.parse("2026-12-01 19:02:03", NOW)).isEqualTo("2026-12-01T19:02:03Z");
        assertThat(TimeSpec.parse("2026-12-01 19:02:03.120", NOW)).isEqualTo("2026-12-01T19:02:03.120Z");
        assertThat(TimeSpec.parse("2026-12-01T19:02:03", NOW)).isEqualTo("2026-12-01T19:02:03Z");
        assertThat(TimeSpec.parse("2026-12-01T19:02:03Z", NOW)).isEqualTo("2026-12-01T19:02:03Z");
        assertThat(TimeSpec.parse("2026-12-01T20:02:03+01:00", NOW)).isEqualTo("2026-12-01T19:02:03Z");
        assertThat(TimeSpec.parse("2026-12-01", NOW)).isEqualTo("2026-12-01T00:00:00Z");
    }

    @Test
    void anythingElseSaysHowToWriteIt() {
        assertThatThrownBy(() -> TimeSpec.parse("30", NOW)).hasMessage("'30' has no unit: write e.g. 30m for 30"
                + " minutes ago (units: s, m, h, d)");
        assertThatThrownBy(() -> TimeSpec.parse("yesterday", NOW)).hasMessage("'yesterday' is not a time: write a"
                + " time ago (30m, 2h, 2d), a UTC time as history prints it (2026-12-01 19:02 or 2026-12-01 19:02:03),"
                + " an ISO instant (2026-12-01T19:02:03Z) or now");
        assertThatThrownBy(() -> TimeSpec.parse("2026-13-01 10:00", NOW)).hasMessageContaining("is not a time");
        assertThatThrownBy(() -> TimeSpec.parse("", NOW)).hasMessageContaining("is not a time");
    }
}
