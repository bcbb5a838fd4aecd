package io.hactl.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.model.Severity;
import io.hactl.notify.Alert;
import io.hactl.notify.AlertDispatcher;
import io.hactl.notify.AlertPolicy;
import io.hactl.notify.Alerter;
import io.hactl.notify.Channel;
import io.hactl.notify.DeliveryListener;
import io.hactl.notify.Notifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 16: the quorum-lost alert through the controller's alert path, with the policy on a clock the test moves. */
class AlertBridgeQuorumTest {

    static final Instant T0 = Instant.parse("2026-12-06T06:30:00Z");
    static final Duration REMIND = Duration.ofMinutes(30);

    /** A clock the test moves by hand. */
    static final class Hand extends Clock {
        volatile Instant now = T0;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    final Hand clock = new Hand();
    final List<Alert> delivered = new CopyOnWriteArrayList<>();
    final Alerter alerter = Alerter.start(new AlertPolicy(new AlertPolicy.Settings(REMIND, Duration.ofSeconds(60)), clock),
            AlertDispatcher.start(List.of(new Channel("recorder", "command", new Notifier() {
                @Override
                public void send(Alert alert) {
                    delivered.add(alert);
                }

                @Override
                public String target() {
                    return "a list";
                }
            }, Severity.OK)), DeliveryListener.NONE), Duration.ofMillis(20));
    final AlertBridge bridge = new AlertBridge("pair1", alerter).seenBy("w");

    @AfterEach
    void stop() {
        alerter.close(Duration.ofSeconds(5));
    }

    private long of(Severity s) {
        return delivered.stream().filter(a -> a.severity() == s).count();
    }

    @Test
    @DisplayName("A lost quorum is exactly one CRITICAL alert, a reminder every remind interval while it lasts, one resolved")
    void oneCriticalRemindersAtTheIntervalOneResolved() {
        bridge.quorumLost("no quorum: 1 of 3 members serve, a majority is 2 (...)", T0);
        bridge.quorumLost("no quorum: 1 of 3 members serve, a majority is 2 (...)", T0);
        await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 1);
        assertThat(delivered.get(0).subject()).isEqualTo("[CRITICAL] pair1: QUORUM LOST — no controller leads (seen by w)");

        clock.now = T0.plus(REMIND).minusSeconds(1);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 1);
        clock.now = T0.plus(REMIND);
        await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 2);
        assertThat(delivered.get(1).kind()).isEqualTo(Alert.Kind.REMINDER);
        assertThat(delivered.get(1).subject()).startsWith("[CRITICAL] pair1: still QUORUM LOST");
        clock.now = T0.plus(REMIND.multipliedBy(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 3);

        bridge.quorumBack("connected to ZooKeeper member h1:2181", clock.now);
        await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 4);
        clock.now = T0.plus(REMIND.multipliedBy(5));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 4);
        assertThat(delivered.get(3).subject()).isEqualTo("[INFO] pair1: quorum back — QUORUM LOST cleared (seen by w)");
        assertThat(of(Severity.CRITICAL)).as("the alert and its two reminders").isEqualTo(3);
        assertThat(delivered.stream().filter(a -> a.kind() == Alert.Kind.QUORUM_LOST)).hasSize(1);
        assertThat(delivered.stream().filter(a -> a.kind() == Alert.Kind.QUORUM_BACK)).hasSize(1);
    }
}
