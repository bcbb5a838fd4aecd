package io.hactl.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PingProbeTest {

    /** Issue 12 item 2: the address is the last argument, after the end of options. */
    @Test
    void optionInjectionPingGetsEndOfOptionsBeforeTheAddress() {
        List<String> argv = PingProbe.argv("198.51.100.11", Duration.ofMillis(800));
        assertThat(argv).containsExactly("ping", "-n", "-q", "-c", "1", "-W", "0.8", "--", "198.51.100.11");
    }
}
