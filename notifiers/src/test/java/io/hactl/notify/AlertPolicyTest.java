package io.hactl.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.state.ClusterState;
import io.hactl.state.Proposal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The policy over scripted situations. A script line is "+DURATION STATE" (the controller
 * offers a state change, or the same state again) or "+DURATION tick" (the timer asks for due
 * reminders); "Nx(...)" repeats. Remind interval 30m, flap window 60s. Expected: the subjects
 * sent, in order, with "(flaps N)" when a message reports held-back changes.
 */
class AlertPolicyTest {

    static final AlertPolicy.Settings SETTINGS = new AlertPolicy.Settings(Duration.ofMinutes(30), Duration.ofSeconds(60));

    static Stream<Arguments> situations() {
        return Stream.of(
                Arguments.of("a healthy start says nothing",
                        List.of("+0s STARTING", "+1s ACTIVE_SYNCED", "+1s ACTIVE_SYNCED", "+1h tick"),
                        List.of()),
                Arguments.of("a pair found degraded at start alerts",
                        List.of("+0s DEGRADED"),
                        List.of("[WARNING] pair1: DEGRADED")),
                Arguments.of("the same state offered every cycle alerts once",
                        List.of("+0s ACTIVE_SYNCED", "+1s DEGRADED", "+1s DEGRADED", "+1s DEGRADED", "+1s tick",
                                "+1s DEGRADED"),
                        List.of("[WARNING] pair1: DEGRADED")),
                Arguments.of("a standing warning is repeated at the interval",
                        List.of("+0s ACTIVE_SYNCED", "+0s STANDALONE", "95x(+1m tick)"),
                        List.of("[WARNING] pair1: STANDALONE", "[WARNING] pair1: still STANDALONE",
                                "[WARNING] pair1: still STANDALONE", "[WARNING] pair1: still STANDALONE")),
                Arguments.of("a standing critical is repeated too",
                        List.of("+0s ACTIVE_SYNCED", "+0s SPLIT_BRAIN", "31x(+1m tick)"),
                        List.of("[CRITICAL] pair1: SPLIT_BRAIN", "[CRITICAL] pair1: still SPLIT_BRAIN")),
                Arguments.of("healthy again: one recovery",
                        List.of("+0s ACTIVE_SYNCED", "+0s DEGRADED", "+4m ACTIVE_SYNCED", "+1s ACTIVE_SYNCED",
                                "+1h tick"),
                        List.of("[WARNING] pair1: DEGRADED", "[INFO] pair1: ACTIVE_SYNCED — DEGRADED cleared")),
                Arguments.of("worse, then healthy: both alerted, one recovery naming the last",
                        List.of("+0s ACTIVE_SYNCED", "+0s DEGRADED", "+5s MASTER_DOWN", "+30s SWITCHING",
                                "+5s STANDALONE", "+10m ACTIVE_SYNCED"),
                        List.of("[WARNING] pair1: DEGRADED", "[CRITICAL] pair1: MASTER_DOWN",
                                "[WARNING] pair1: SWITCHING", "[WARNING] pair1: STANDALONE",
                                "[INFO] pair1: ACTIVE_SYNCED — STANDALONE cleared")),
                Arguments.of("flapping healthy/degraded every 2s: no storm; ends healthy, one summary later",
                        List.of("+0s ACTIVE_SYNCED", "20x(+2s DEGRADED, +2s ACTIVE_SYNCED, +0s tick)", "+1h tick",
                                "+1h tick"),
                        List.of("[WARNING] pair1: DEGRADED", "[INFO] pair1: ACTIVE_SYNCED — DEGRADED cleared",
                                "[WARNING] pair1: DEGRADED flapping, now ACTIVE_SYNCED (flaps 19)")),
                Arguments.of("the next message says how many flaps were held back",
                        List.of("+0s ACTIVE_SYNCED", "20x(+2s DEGRADED, +2s ACTIVE_SYNCED)", "+5m DEGRADED"),
                        List.of("[WARNING] pair1: DEGRADED", "[INFO] pair1: ACTIVE_SYNCED — DEGRADED cleared",
                                "[WARNING] pair1: DEGRADED (flaps 19)")),
                Arguments.of("flapping that settles on degraded: sent once it has stood for the window",
                        List.of("+0s ACTIVE_SYNCED", "5x(+2s DEGRADED, +2s ACTIVE_SYNCED, +0s tick)", "+2s DEGRADED",
                                "70x(+1s tick)"),
                        List.of("[WARNING] pair1: DEGRADED", "[INFO] pair1: ACTIVE_SYNCED — DEGRADED cleared",
                                "[WARNING] pair1: DEGRADED (flaps 5)")),
                Arguments.of("flapping between two warnings: each alerted once, then held",
                        List.of("+0s ACTIVE_SYNCED", "30x(+3s DEGRADED, +3s STANDALONE, +0s tick)"),
                        List.of("[WARNING] pair1: DEGRADED", "[WARNING] pair1: STANDALONE")),
                Arguments.of("flapping for two hours: one summary per remind interval",
                        List.of("+0s ACTIVE_SYNCED", "900x(+4s DEGRADED, +4s ACTIVE_SYNCED, +0s tick)"),
                        List.of("[WARNING] pair1: DEGRADED", "[INFO] pair1: ACTIVE_SYNCED — DEGRADED cleared",
                                "[WARNING] pair1: DEGRADED flapping, now ACTIVE_SYNCED (flaps 225)",
                                "[WARNING] pair1: DEGRADED flapping, now ACTIVE_SYNCED (flaps 225)",
                                "[WARNING] pair1: DEGRADED flapping, now ACTIVE_SYNCED (flaps 225)")),
                Arguments.of("flapping that goes on while degraded: summaries, then reminders once it stands",
                        List.of("+0s ACTIVE_SYNCED", "300x(+4s DEGRADED, +0s tick, +4s ACTIVE_SYNCED)", "+4s DEGRADED",
                                "40x(+1m tick)"),
                        List.of("[WARNING] pair1: DEGRADED", "[INFO] pair1: ACTIVE_SYNCED — DEGRADED cleared",
                                "[WARNING] pair1: DEGRADED flapping (flaps 226)",
                                "[INFO] pair1: ACTIVE_SYNCED — DEGRADED cleared",
                                "[WARNING] pair1: DEGRADED (flaps 74)", "[WARNING] pair1: still DEGRADED")),
                Arguments.of("a state coming back after the window is a new alert",
                        List.of("+0s ACTIVE_SYNCED", "+0s DEGRADED", "+10s ACTIVE_SYNCED", "+61s DEGRADED"),
                        List.of("[WARNING] pair1: DEGRADED", "[INFO] pair1: ACTIVE_SYNCED — DEGRADED cleared",
                                "[WARNING] pair1: DEGRADED")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("situations")
    void situation(String name, List<String> script, List<String> expected) {
        MutableClock clock = new MutableClock(Samples.T0);
        AlertPolicy policy = new AlertPolicy(SETTINGS, clock);
        List<String> sent = new ArrayList<>();
        run(expand(script), clock, policy, sent);
        assertThat(sent).as(name).containsExactlyElementsOf(expected);
    }

    @Test
    void remindersComeAtTheInterval() {
        MutableClock clock = new MutableClock(Samples.T0);
        AlertPolicy policy = new AlertPolicy(SETTINGS, clock);
        policy.offer(Samples.state(null, ClusterState.DEGRADED, clock.instant()));
        List<Alert> reminders = new ArrayList<>();
        for (int s = 0; s < 3 * 3600; s++) {
            clock.advance(Duration.ofSeconds(1));
            reminders.addAll(policy.tick());
        }
        assertThat(reminders).extracting(a -> Duration.between(Samples.T0, a.time()))
                .containsExactly(Duration.ofMinutes(30), Duration.ofMinutes(60), Duration.ofMinutes(90),
                        Duration.ofMinutes(120), Duration.ofMinutes(150), Duration.ofMinutes(180));
        assertThat(reminders).allSatisfy(r -> {
            assertThat(r.kind()).isEqualTo(Alert.Kind.REMINDER);
            assertThat(r.since()).isEqualTo(Samples.T0);
            assertThat(r.dedupKey()).isEqualTo("pair1:state:DEGRADED");
        });
    }

    @Test
    void recoveryCarriesTheTroubleDuration() {
        MutableClock clock = new MutableClock(Samples.T0);
        AlertPolicy policy = new AlertPolicy(SETTINGS, clock);
        policy.offer(Samples.state(ClusterState.ACTIVE_SYNCED, ClusterState.DEGRADED, clock.instant()));
        clock.advance(Duration.ofMinutes(2));
        policy.offer(Samples.state(ClusterState.DEGRADED, ClusterState.MASTER_DOWN, clock.instant()));
        clock.advance(Duration.ofMinutes(3));
        List<Alert> r = policy.offer(Samples.state(ClusterState.MASTER_DOWN, ClusterState.ACTIVE_SYNCED, clock.instant()));
        assertThat(r).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(Alert.Kind.RECOVERY);
            assertThat(a.from()).isEqualTo(ClusterState.MASTER_DOWN);
            assertThat(a.to()).isEqualTo(ClusterState.ACTIVE_SYNCED);
            assertThat(AlertText.plain(a)).contains("after 5m00s");
        });
    }

    @Test
    void theLatestSentenceIsRemindedNotTheFirst() {
        MutableClock clock = new MutableClock(Samples.T0);
        AlertPolicy policy = new AlertPolicy(SETTINGS, clock);
        policy.offer(Alert.stateChange("pair1", clock.instant(), null, ClusterState.DEGRADED, "n2 lags 3 s", List.of(), null));
        clock.advance(Duration.ofMinutes(10));
        policy.offer(Alert.stateChange("pair1", clock.instant(), null, ClusterState.DEGRADED, "n2 lags 600 s", List.of(),
                null));
        clock.advance(Duration.ofMinutes(20));
        assertThat(policy.tick()).singleElement().extracting(Alert::sentence).isEqualTo("n2 lags 600 s");
    }

    @Test
    void eventsAreSentOncePerKeyTestsAlways() {
        MutableClock clock = new MutableClock(Samples.T0);
        AlertPolicy policy = new AlertPolicy(SETTINGS, clock);
        Proposal p = Samples.failover();
        Alert proposal = Alert.proposal("pair1", clock.instant(), ClusterState.MASTER_DOWN, p);
        assertThat(policy.offer(proposal)).containsExactly(proposal);
        assertThat(policy.offer(proposal)).isEmpty();
        Alert ack = Alert.acknowledged("pair1", clock.instant(),
                p.decided(Proposal.Status.ACKNOWLEDGED, "alice", clock.instant(), null));
        assertThat(policy.offer(ack)).containsExactly(ack);
        assertThat(policy.offer(ack)).isEmpty();
        Alert test = Alert.test("pair1", clock.instant(), "mail", "alice");
        assertThat(policy.offer(test)).containsExactly(test);
        assertThat(policy.offer(test)).containsExactly(test);
        Alert end = Alert.operationEnd("pair1", clock.instant(), "failover", "op-1", true, "n2 is master", List.of());
        assertThat(policy.offer(end)).hasSize(1);
        assertThat(policy.offer(end)).isEmpty();
        clock.advance(AlertPolicy.REMEMBER.plusMinutes(1));
        policy.tick();
        assertThat(policy.offer(end)).as("forgotten after a day").hasSize(1);
    }

    @Test
    void clustersAreIndependent() {
        MutableClock clock = new MutableClock(Samples.T0);
        AlertPolicy policy = new AlertPolicy(SETTINGS, clock);
        assertThat(policy.offer(Samples.state(null, ClusterState.DEGRADED, clock.instant()))).hasSize(1);
        Alert other = Alert.stateChange("pair2", clock.instant(), null, ClusterState.DEGRADED, "x", List.of(), null);
        assertThat(policy.offer(other)).containsExactly(other);
    }

    // ---- the script runner

    private static void run(List<String> lines, MutableClock clock, AlertPolicy policy, List<String> sent) {
        for (String line : lines) {
            String[] w = line.trim().split(" ");
            clock.advance(parse(w[0]));
            List<Alert> out = w[1].equals("tick") ? policy.tick()
                    : policy.offer(Samples.state(null, ClusterState.valueOf(w[1]), clock.instant()));
            out.forEach(a -> sent.add(a.subject() + (a.suppressedFlaps() > 0 ? " (flaps " + a.suppressedFlaps() + ")" : "")));
        }
    }

    private static List<String> expand(List<String> script) {
        List<String> out = new ArrayList<>();
        for (String s : script) {
            int x = s.indexOf("x(");
            if (x > 0 && s.endsWith(")")) {
                int n = Integer.parseInt(s.substring(0, x));
                List<String> body = List.of(s.substring(x + 2, s.length() - 1).split(", "));
                for (int i = 0; i < n; i++) {
                    out.addAll(body);
                }
            } else {
                out.add(s);
            }
        }
        return out;
    }

    private static Duration parse(String d) {
        String n = d.substring(1, d.length() - 1);
        return switch (d.charAt(d.length() - 1)) {
            case 's' -> Duration.ofSeconds(Long.parseLong(n));
            case 'm' -> Duration.ofMinutes(Long.parseLong(n));
            case 'h' -> Duration.ofHours(Long.parseLong(n));
            default -> throw new IllegalArgumentException(d);
        };
    }
}
