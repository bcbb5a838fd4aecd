package io.hactl.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hactl.config.ControllerConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The API's pure parts: since, the bearer header, loopback, token hashes. */
class SinceAndBearerTest {

    final Clock clock = Clock.fixed(Instant.parse("2025-05-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void sinceIsAnIsoTimeOrADurationBackFromNow() {
        assertThat(Since.parse("2h", clock)).isEqualTo(Instant.parse("2025-05-01T10:00:00Z"));
        assertThat(Since.parse("90s", clock)).isEqualTo(Instant.parse("2025-05-01T11:58:30Z"));
        assertThat(Since.parse("2025-05-01T09:30:00Z", clock)).isEqualTo(Instant.parse("2025-05-01T09:30:00Z"));
        assertThat(Since.parse("2025-05-01T11:30:00+02:00", clock)).isEqualTo(Instant.parse("2025-05-01T09:30:00Z"));
        assertThat(Since.parse(null, clock)).isNull();
        assertThat(Since.parse(" ", clock)).isNull();
        assertThatThrownBy(() -> Since.parse("2", clock)).hasMessageContaining("e.g. 2025-05-01T10:00:00Z or 2h");
        assertThatThrownBy(() -> Since.parse("2 days", clock)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bearerTakesTheTokenOfABearerHeaderOnly() {
        assertThat(AuthFilter.bearer("Bearer abc")).isEqualTo("abc");
        assertThat(AuthFilter.bearer("bearer  abc ")).isEqualTo("abc");
        assertThat(AuthFilter.bearer("Basic YWxpY2U6eA==")).isNull();
        assertThat(AuthFilter.bearer("Bearer ")).isNull();
        assertThat(AuthFilter.bearer(null)).isNull();
    }

    @Test
    void loopbackIsJudgedFromAddressLiteralsWithoutNameLookups() {
        assertThat(AuthFilter.loopback("127.0.0.1")).isTrue();
        assertThat(AuthFilter.loopback("127.8.9.10")).isTrue();
        assertThat(AuthFilter.loopback("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(AuthFilter.loopback("198.51.100.11")).isFalse();
        assertThat(AuthFilter.loopback("localhost")).as("a name is not looked up").isFalse();
        assertThat(AuthFilter.loopback(null)).isFalse();
    }

    @Test
    void aTokenIsMatchedByItsSha256WhateverTheHexCase() {
        // sha256("abc"), the FIPS 180-2 example
        assertThat(OperatorTokens.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        OperatorTokens t = new OperatorTokens(List.of(
                new ControllerConfig.Operator("alice", "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"),
                new ControllerConfig.Operator("bob", OperatorTokens.sha256Hex("bob's"))));
        assertThat(t.operatorFor("abc")).hasValue("alice");
        assertThat(t.operatorFor("bob's")).hasValue("bob");
        assertThat(t.operatorFor("abd")).isEmpty();
        assertThat(t.operatorFor("")).isEmpty();
        assertThat(new OperatorTokens(null).operatorFor("abc")).isEmpty();
        assertThat(new OperatorTokens(null).none()).isTrue();
    }
}
