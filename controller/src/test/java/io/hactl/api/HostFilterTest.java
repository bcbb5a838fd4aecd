package io.hactl.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which Host headers name the controller, by its listen address (the API test covers 127.0.0.1 end to end). */
class HostFilterTest {

    @Test
    @DisplayName("open reads are wider than loopback: on one address, that address, localhost and loopback, with the port")
    void onOneAddressOnlyItsAddressAndLoopbackNamesWithThePort() {
        HostFilter f = new HostFilter("192.0.2.10", new ObjectMapper());
        assertThat(f.allowed("192.0.2.10:8642", 8642)).isTrue();
        assertThat(f.allowed("localhost:8642", 8642)).isTrue();
        assertThat(f.allowed("[::1]:8642", 8642)).isTrue();
        assertThat(f.allowed("192.0.2.10:8643", 8642)).isFalse();
        assertThat(f.allowed("192.0.2.10", 8642)).isFalse();
        assertThat(f.allowed("192.0.2.11:8642", 8642)).isFalse();
        assertThat(f.allowed("ctl.example.org:8642", 8642)).isFalse();
        assertThat(f.allowed("[::1]8642", 8642)).isFalse();
        assertThat(f.allowed("::1:8642", 8642)).isFalse();
    }

    @Test
    @DisplayName("open reads are wider than loopback: on every address (0.0.0.0), any address literal but no other name")
    void onEveryAddressAnyAddressLiteralButNoName() {
        HostFilter f = new HostFilter("0.0.0.0", new ObjectMapper());
        assertThat(f.allowed("192.0.2.10:8642", 8642)).isTrue();
        assertThat(f.allowed("[2001:db8::1]:8642", 8642)).isTrue();
        assertThat(f.allowed("localhost:8642", 8642)).isTrue();
        assertThat(f.allowed("ctl.example.org:8642", 8642)).isFalse();
        assertThat(f.allowed("192.0.2.10.nip.io:8642", 8642)).isFalse();
        assertThat(f.allowed("999.0.2.10:8642", 8642)).isFalse();
        assertThat(f.allowed("192.0.2.10:80", 8642)).isFalse();
    }
}
