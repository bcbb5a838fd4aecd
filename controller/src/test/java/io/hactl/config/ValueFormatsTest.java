package io.hactl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Durations, IPv4 addresses and VIPs as written in hactl.yml; key suggestions. */
class ValueFormatsTest {

    @Test
    void durations() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Durations.parse("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> Durations.parse("2")).hasMessageContaining("has no unit: write e.g. 2s");
        assertThatThrownBy(() -> Durations.parse("2 sec")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> Durations.parse("-1s")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> Durations.parse("1.5s")).hasMessageContaining("is not a duration");
    }

    @Test
    void durationsFormatInTheirLargestExactUnit() {
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofSeconds(300))).isEqualTo("5m");
        assertThat(Durations.format(Duration.ofHours(2))).isEqualTo("2h");
    }

    @Test
    void ipv4Addresses() {
        assertThat(Ipv4.isAddress("198.51.100.11")).isTrue();
        assertThat(Ipv4.isAddress("0.0.0.0")).isTrue();
        assertThat(Ipv4.isAddress("198.51.100.256")).isFalse();
        assertThat(Ipv4.isAddress("198.51.100.011")).isFalse();
        assertThat(Ipv4.isAddress("198.51.100")).isFalse();
        assertThat(Ipv4.isAddress("198.51.100.11/24")).isFalse();
        assertThat(Ipv4.whyNotAddress("db1")).contains("is a host name");
        assertThat(Ipv4.whyNotAddress("198.51.100.11/24")).contains("has a prefix length");
    }

    @Test
    void vips() {
        assertThat(Ipv4.parseVip("198.51.100.89/24")).isEqualTo(new VipConfig("198.51.100.89", 24));
        assertThatThrownBy(() -> Ipv4.parseVip("198.51.100.89")).hasMessageContaining("198.51.100.89/24");
        assertThatThrownBy(() -> Ipv4.parseVip("198.51.100.89/33")).hasMessageContaining("1-32");
        assertThatThrownBy(() -> Ipv4.parseVip("198.51.100.389/24")).hasMessageContaining("not an IPv4 address");
    }

    @Test
    void suggestions() {
        List<String> keys = List.of("address", "name", "interface", "ssh", "connect_timeout");
        assertThat(Suggestions.closest("adress", keys)).contains("address");
        assertThat(Suggestions.closest("nmae", keys)).contains("name");
        assertThat(Suggestions.closest("connectTimeout", keys)).contains("connect_timeout");
        assertThat(Suggestions.closest("interfaces", keys)).contains("interface");
        assertThat(Suggestions.closest("monitoring", keys)).isEmpty();
    }

    @Test
    void yamlScalarsAreQuotedWhenPlainTextWouldReadBackDifferently() {
        assertThat(YamlText.scalar("/polopoly/software/jboss")).isEqualTo("/polopoly/software/jboss");
        assertThat(YamlText.scalar("agi_pol1")).isEqualTo("agi_pol1");
        assertThat(YamlText.scalar("yes")).isEqualTo("\"yes\"");
        assertThat(YamlText.scalar("8080")).isEqualTo("\"8080\"");
        assertThat(YamlText.scalar("1.5")).isEqualTo("\"1.5\"");
        assertThat(YamlText.scalar("")).isEqualTo("\"\"");
        assertThat(YamlText.scalar("a: b #c")).isEqualTo("\"a: b #c\"");
        assertThat(YamlText.scalar("say \"hi\" \\ bye")).isEqualTo("\"say \\\"hi\\\" \\\\ bye\"");
        assertThat(YamlText.scalar("{node}")).isEqualTo("\"{node}\"");
    }
}
