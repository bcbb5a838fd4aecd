package io.hactl.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 16: a lost ZooKeeper quorum is one CRITICAL alert, reminded at the interval, and one resolved alert. */
class QuorumAlertTest {

    static final Instant T0 = Instant.parse("2026-12-06T06:30:00Z");
    static final String ANSWERS = "no quorum: 1 of 3 members serve, a majority is 2 (h1:2181 unreachable"
            + " (ConnectException: Connection refused), h2:2181 unreachable (...), w:2181 up, not serving (no quorum))";

    final MutableClock clock = new MutableClock(T0);
    final AlertPolicy policy = new AlertPolicy(new AlertPolicy.Settings(Duration.ofMinutes(30), Duration.ofSeconds(60)),
            clock);
    final List<Alert> sent = new ArrayList<>();

    private void offer(Alert a) {
        sent.addAll(policy.offer(a));
    }

    private void minutes(int n) {
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofMinutes(1));
            sent.addAll(policy.tick());
        }
    }

    private Alert lost() {
        return Alert.quorumLost("pair1", clock.instant(), "w", ANSWERS, List.of());
    }

    @Test
    @DisplayName("A lost quorum alerts once CRITICAL, naming who answers, that nothing leads, and what to do")
    void aLostQuorumAlertsOnceCritical() {
        offer(lost());
        clock.advance(Duration.ofSeconds(5));
        offer(lost()); // the same loss told again (another event on the way): nothing more
        assertThat(sent).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.kind()).isEqualTo(Alert.Kind.QUORUM_LOST);
            assertThat(a.subject()).isEqualTo("[CRITICAL] pair1: QUORUM LOST — no controller leads (seen by w)");
            assertThat(a.sentence()).contains(ANSWERS, "no leader", "no proposals", "no operations",
                    "the pair keeps serving as it is", "bring back a ZooKeeper member (or its host)");
        });
        assertThat(AlertText.plain(sent.get(0))).contains("ZooKeeper quorum lost");
    }

    @Test
    @DisplayName("While the quorum stays lost, a reminder every remind interval; once back, one resolved alert and no more reminders")
    void remindersAtTheIntervalThenOneResolved() {
        offer(lost());
        minutes(29);
        assertThat(sent).hasSize(1);
        minutes(1);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).kind()).isEqualTo(Alert.Kind.REMINDER);
        assertThat(sent.get(1).subject()).isEqualTo("[CRITICAL] pair1: still QUORUM LOST — no controller leads (seen by w)");
        assertThat(sent.get(1).since()).isEqualTo(T0);
        minutes(30);
        assertThat(sent).hasSize(3);

        offer(Alert.quorumBack("pair1", clock.instant(), "w", "connected to ZooKeeper member h1:2181"));
        offer(Alert.quorumBack("pair1", clock.instant(), "w", "leader with epoch 4")); // told twice: resolved once
        minutes(90);
        assertThat(sent).hasSize(4);
        Alert back = sent.get(3);
        assertThat(back.severity()).isEqualTo(Severity.OK);
        assertThat(back.subject()).isEqualTo("[INFO] pair1: quorum back — QUORUM LOST cleared (seen by w)");
        assertThat(back.since()).isEqualTo(T0);
        assertThat(back.sentence()).contains("connected to ZooKeeper member h1:2181");
    }

    @Test
    @DisplayName("A quorum back that was never lost says nothing")
    void aQuorumBackNeverLostSaysNothing() {
        offer(Alert.quorumBack("pair1", clock.instant(), "w", "connected to ZooKeeper member h1:2181"));
        minutes(60);
        assertThat(sent).isEmpty();
    }
}
