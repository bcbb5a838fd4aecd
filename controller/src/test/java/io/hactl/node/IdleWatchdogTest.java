package io.hactl.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdleWatchdogTest {

    @Test
    void aStreamNothingTouchedForTheLimit_isStoppedOnce_andCountsAsIdle() {
        AtomicInteger stops = new AtomicInteger();
        try (IdleWatchdog w = new IdleWatchdog(Duration.ofMillis(300)).start(() -> stops.get() == 0, () -> false,
                stops::incrementAndGet)) {
            await().atMost(Duration.ofSeconds(5)).until(w::fired);
            assertThat(stops.get()).isEqualTo(1);
        }
    }

    @Test
    void aStreamThatIsCutStopsAtOnce_notCountedAsIdle() {
        AtomicBoolean cut = new AtomicBoolean();
        AtomicInteger stops = new AtomicInteger();
        try (IdleWatchdog w = new IdleWatchdog(Duration.ofHours(1)).start(() -> stops.get() == 0, cut::get,
                stops::incrementAndGet)) {
            cut.set(true);
            await().atMost(Duration.ofSeconds(5)).until(() -> stops.get() == 1);
            assertThat(w.fired()).isFalse();
        }
    }

    @Test
    void aStreamTouchedWithinTheLimit_isLeftRunning() {
        AtomicInteger stops = new AtomicInteger();
        AtomicInteger looks = new AtomicInteger();
        try (IdleWatchdog w = new IdleWatchdog(Duration.ofSeconds(2)).start(() -> looks.incrementAndGet() < 6,
                () -> false, stops::incrementAndGet)) {
            // five looks 200 ms apart (~1 s), touched at each: never idle for 2 s
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                w.touch();
                return looks.get() >= 6;
            });
            assertThat(stops.get()).isZero();
            assertThat(w.fired()).isFalse();
        }
    }
}
