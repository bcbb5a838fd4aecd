package io.hactl.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.model.Severity;
import io.hactl.state.ClusterState;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Policy + dispatcher + timer, in real time, against a real HTTP receiver. */
class AlerterTest {

    Receiver chat;

    @BeforeEach
    void start() throws IOException {
        chat = new Receiver();
    }

    @AfterEach
    void stop() {
        chat.close();
    }

    private Alerter alerter(Duration remind, Duration flapWindow) {
        Channel channel = new Channel("chat", "webhook", new WebhookNotifier(chat.url(), WebhookNotifier.Format.GENERIC,
                Duration.ofSeconds(2)), Severity.OK);
        return Alerter.start(new AlertPolicy(new AlertPolicy.Settings(remind, flapWindow), Clock.systemUTC()),
                AlertDispatcher.start(List.of(channel), DeliveryListener.NONE), Duration.ofMillis(20));
    }

    @Test
    void aFlappingConditionDoesNotStorm() {
        Alerter alerts = alerter(Duration.ofMinutes(30), Duration.ofSeconds(30));
        ClusterState[] states = {ClusterState.DEGRADED, ClusterState.ACTIVE_SYNCED};
        alerts.offer(Samples.state(null, ClusterState.ACTIVE_SYNCED, Clock.systemUTC().instant()));
        for (int i = 0; i < 200; i++) {
            ClusterState s = states[i % 2];
            alerts.offer(Alert.stateChange("pair1", Clock.systemUTC().instant(), states[(i + 1) % 2], s, "flap " + i,
                    List.of(), null));
        }
        assertThat(alerts.close(Duration.ofSeconds(10))).isTrue();
        // 200 changes: the first DEGRADED and its recovery are sent, the 99 repeats are held back
        assertThat(chat.requests).extracting(r -> r.json().get("kind").asText()).containsExactly("state_change", "recovery");
        assertThat(alerts.policy().suppressed("pair1")).isEqualTo(99);
    }

    @Test
    void remindersArriveAtTheInterval() {
        Duration interval = Duration.ofMillis(400);
        Alerter alerts = alerter(interval, Duration.ofSeconds(30));
        long changedAt = System.nanoTime(); // no later than the alert's own instant, from which reminders are due
        alerts.offer(Samples.state(ClusterState.ACTIVE_SYNCED, ClusterState.STANDALONE, Clock.systemUTC().instant()));
        await().atMost(Duration.ofSeconds(10)).until(() -> chat.received() >= 4);
        alerts.close(Duration.ofSeconds(5));
        List<Receiver.Request> got = chat.requests.subList(0, 4);
        assertThat(got.get(0).json().get("kind").asText()).isEqualTo("state_change");
        assertThat(got.subList(1, 4)).allSatisfy(r -> {
            assertThat(r.json().get("kind").asText()).isEqualTo("reminder");
            assertThat(r.json().get("subject").asText()).isEqualTo("[WARNING] pair1: still STANDALONE");
        });
        // measured from the state change itself, not between neighbours nor from the first message's arrival: one
        // delivery delayed by a loaded machine shortens the gap after it; no reminder may come before its time
        // (each is due an interval after the policy sent the one before), nor drift more than 600 ms late per reminder
        for (int i = 1; i < 4; i++) {
            Duration since = Duration.ofNanos(got.get(i).nanoTime() - changedAt);
            Duration due = interval.multipliedBy(i);
            assertThat(since).as("reminder " + i + " since the state change").isBetween(due.minusMillis(50),
                    due.plusMillis(600L * i));
        }
    }

    @Test
    void offerNeverThrowsEvenOnGarbage() {
        Alerter alerts = alerter(Duration.ofMinutes(30), Duration.ofSeconds(30));
        alerts.offer(null);
        alerts.offer(Samples.masterDown());
        assertThat(alerts.close(Duration.ofSeconds(5))).isTrue();
        assertThat(chat.received()).isEqualTo(1);
    }
}
