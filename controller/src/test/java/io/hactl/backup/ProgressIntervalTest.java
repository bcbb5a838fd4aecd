package io.hactl.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A long copy's progress without a terminal: one plain line every few seconds (bytes, rate, ETA). */
class ProgressIntervalTest {

    @Test
    void everyFewSeconds_aPlainLineWithBytesRateAndEta() {
        AtomicLong now = new AtomicLong();
        StringWriter out = new StringWriter();
        Progress p = Progress.everyFewSeconds(new PrintWriter(out, true), now::get);
        p.start("copy n1 -> n2", 100L << 20, 0);
        now.set(4_000_000_000L);
        p.update(10L << 20, 0, null);
        assertThat(out.toString()).isEmpty();
        now.set(Progress.FEW_SECONDS_NANOS);
        p.update(25L << 20, 0, null);
        assertThat(out.toString()).isEqualTo("      ... copy n1 -> n2  25.0 MB  5.0 MB/s  ETA ~0:15" + System.lineSeparator());
    }
}
