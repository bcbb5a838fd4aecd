package io.hactl.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DurationTextTest {

    @ParameterizedTest(name = "{0} ms -> {1}")
    @DisplayName("config style: the shortest exact form a config file or a flag takes back")
    @CsvSource({"0, 0s", "250, 250ms", "1500, 1500ms", "2000, 2s", "60000, 1m", "90000, 90s", "900000, 15m",
            "3600000, 1h", "5400000, 90m"})
    void configStyleIsTheShortestExactForm(long ms, String text) {
        assertThat(DurationText.config(Duration.ofMillis(ms))).isEqualTo(text);
    }

    @Test
    @DisplayName("config style: no duration is shown as a dash")
    void configStyleShowsNoDurationAsADash() {
        assertThat(DurationText.config(null)).isEqualTo("-");
    }

    @ParameterizedTest(name = "{0} ms -> {1}")
    @DisplayName("seconds style: a measured time to the tenth of a second")
    @CsvSource({"0, 0.0 s", "49, 0.0 s", "50, 0.1 s", "3140, 3.1 s", "125449, 125.4 s"})
    void secondsStyleIsTenthsOfASecond(long ms, String text) {
        assertThat(DurationText.seconds(Duration.ofMillis(ms))).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} ms -> {1}")
    @DisplayName("human style: ms, tenths of a second (truncated), then minutes, hours and days with two digits")
    @CsvSource({"-5, 0 ms", "80, 80 ms", "999, 999 ms", "1000, 1.0 s", "1199, 1.1 s", "59999, 59.9 s",
            "60000, 1m 00s", "126000, 2m 06s", "3599999, 59m 59s", "3720000, 1h 02m", "86399999, 23h 59m",
            "86400000, 1d 00h", "273600000, 3d 04h"})
    void humanStyleGrowsWithTheSpan(long ms, String text) {
        assertThat(DurationText.human(Duration.ofMillis(ms))).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} ms -> {1}")
    @DisplayName("compact style: the human form without spaces or tenths, for alert lines")
    @CsvSource({"-5, 0ms", "850, 850ms", "12999, 12s", "252000, 4m12s", "1800000, 30m00s", "7500000, 2h05m"})
    void compactStyleHasNoSpaces(long ms, String text) {
        assertThat(DurationText.compact(Duration.ofMillis(ms))).isEqualTo(text);
    }
}
