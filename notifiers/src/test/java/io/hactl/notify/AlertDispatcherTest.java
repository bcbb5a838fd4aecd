package io.hactl.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.hactl.model.Severity;
import io.hactl.state.ClusterState;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Delivery over real channels: an SMTP server, HTTP receivers that work, answer 500, or are not there. */
class AlertDispatcherTest {

    static final String SMTP_PASSWORD = "dispatch-Smtp-Secret-77";
    static final Channel.Delivery FAST = new Channel.Delivery(3, Duration.ofMillis(50), 2.0, Duration.ofMillis(200),
            20, Duration.ofSeconds(60), 10);

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("hactl@example.org", "hactl", SMTP_PASSWORD))
            .withPerMethodLifecycle(true);

    Receiver good;
    Receiver failing;
    final Results results = new Results();

    @BeforeEach
    void start() throws IOException {
        good = new Receiver();
        failing = new Receiver();
        failing.status = 500;
    }

    @AfterEach
    void stop() {
        good.close();
        failing.close();
    }

    static final class Results implements DeliveryListener {
        final List<DeliveryResult> ok = Collections.synchronizedList(new ArrayList<>());
        final List<DeliveryResult> failed = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void delivered(Alert alert, DeliveryResult result) {
            ok.add(result);
        }

        @Override
        public void failed(Alert alert, DeliveryResult result) {
            failed.add(result);
        }
    }

    private Channel email(Severity min) {
        return new Channel("mail", "email", new EmailNotifier(new EmailNotifier.Settings("127.0.0.1",
                smtp.getSmtp().getPort(), EmailNotifier.Security.NONE, "hactl", SMTP_PASSWORD.toCharArray(),
                "hactl@example.org", List.of("oncall@example.org"), Duration.ofSeconds(5))), min, FAST);
    }

    private static Channel webhook(String name, URI url, Severity min) {
        return new Channel(name, "slack", new WebhookNotifier(url, WebhookNotifier.Format.SLACK, Duration.ofSeconds(1)),
                min, FAST);
    }

    private static URI closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort() + Receiver.SECRET_PATH + "?" + Receiver.SECRET_QUERY);
        }
    }

    @Test
    void downChannelsAreRetriedThenReportedWhileTheOthersDeliver() throws Exception {
        URI closed = closedPort();
        try (LogCapture logs = new LogCapture()) {
            AlertDispatcher d = AlertDispatcher.start(List.of(email(Severity.WARNING),
                    webhook("chat", good.url(), Severity.OK),
                    webhook("broken", failing.url(), Severity.OK),
                    webhook("gone", closed, Severity.OK)), results);
            d.submit(Samples.masterDown());
            await().atMost(Duration.ofSeconds(10)).until(() -> results.ok.size() + results.failed.size() == 4);
            d.close(Duration.ofSeconds(5));

            assertThat(results.ok).extracting(DeliveryResult::channel).containsExactlyInAnyOrder("mail", "chat");
            assertThat(results.ok).allSatisfy(r -> assertThat(r.attempts()).isEqualTo(1));
            assertThat(smtp.getReceivedMessages()).singleElement().satisfies(m ->
                    assertThat(m.getSubject()).isEqualTo("[CRITICAL] pair1: MASTER_DOWN — failover proposed"));
            assertThat(good.received()).isEqualTo(1);

            assertThat(failing.attempts.get()).as("tries on the receiver answering 500").isEqualTo(3);
            assertThat(results.failed).extracting(DeliveryResult::channel).containsExactlyInAnyOrder("broken", "gone");
            assertThat(results.failed).allSatisfy(r -> {
                assertThat(r.attempts()).isEqualTo(3);
                assertThat(r.error()).startsWith("after 3 tries: ");
            });
            assertThat(results.failed).filteredOn(r -> r.channel().equals("broken")).singleElement()
                    .satisfies(r -> assertThat(r.error()).contains("HTTP 500"));

            String everything = logs.text() + results.failed + results.ok;
            assertThat(logs.text()).contains("alert NOT sent via broken", "alert sent via mail");
            assertThat(everything).doesNotContain("T000SECRET", "B000SECRET", "XyZsecretTOKEN42", "QuerySecret99",
                    SMTP_PASSWORD);
        }
    }

    @Test
    void aChannelGetsOnlyWhatReachesItsMinimumSeverity() throws Exception {
        Receiver pager = new Receiver();
        try {
            AlertDispatcher d = AlertDispatcher.start(List.of(webhook("chat", good.url(), Severity.OK),
                    webhook("pager", pager.url(), Severity.CRITICAL)), results);
            d.submit(Samples.state(ClusterState.ACTIVE_SYNCED, ClusterState.DEGRADED, Samples.T0));
            d.submit(Samples.masterDown());
            d.submit(Alert.operationEnd("pair1", Samples.T0, "failover", "op-1", true, "n2 is master", List.of()));
            await().atMost(Duration.ofSeconds(5)).until(() -> results.ok.size() == 4);
            d.close(Duration.ofSeconds(5));
            assertThat(good.received()).isEqualTo(3);
            assertThat(pager.requests).singleElement().satisfies(r ->
                    assertThat(r.json().get("text").asText()).contains("MASTER_DOWN"));
        } finally {
            pager.close();
        }
    }

    @Test
    void submitNeverBlocksAndAFullQueueDropsTheOldest() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        List<String> sent = Collections.synchronizedList(new ArrayList<>());
        Notifier stuck = new Notifier() {
            @Override
            public void send(Alert alert) {
                busy.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                sent.add(alert.sentence());
            }

            @Override
            public String target() {
                return "a notifier that waits";
            }
        };
        Channel.Delivery small = new Channel.Delivery(1, Duration.ofMillis(10), 1.0, Duration.ofMillis(10), 5,
                Duration.ofSeconds(1), 3);
        AlertDispatcher d = AlertDispatcher.start(List.of(new Channel("slow", "command", stuck, Severity.OK, small)), results);
        d.submit(alert(0));
        assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        for (int i = 1; i <= 6; i++) {
            d.submit(alert(i));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("submit while the channel is stuck")
                .isLessThan(Duration.ofMillis(500));
        assertThat(d.dropped("slow")).isEqualTo(3);
        assertThat(d.queued("slow")).isEqualTo(3);
        release.countDown();
        assertThat(d.close(Duration.ofSeconds(5))).isTrue();
        assertThat(sent).containsExactly("alert 0", "alert 4", "alert 5", "alert 6");
        assertThat(results.failed).extracting(DeliveryResult::error).hasSize(3)
                .allSatisfy(e -> assertThat(e).contains("dropped", "already had 3 alerts waiting"));
    }

    @Test
    void theCircuitBreakerStopsTryingADeadChannel() throws Exception {
        Channel.Delivery breaker = new Channel.Delivery(2, Duration.ofMillis(10), 1.0, Duration.ofMillis(10), 4,
                Duration.ofSeconds(60), 20);
        AlertDispatcher d = AlertDispatcher.start(List.of(new Channel("broken", "slack",
                new WebhookNotifier(failing.url(), WebhookNotifier.Format.SLACK, Duration.ofSeconds(1)), Severity.OK,
                breaker)), results);
        for (int i = 0; i < 5; i++) {
            d.submit(alert(i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> results.failed.size() == 5);
        d.close(Duration.ofSeconds(5));
        assertThat(failing.attempts.get()).as("4 failed tries open the breaker").isEqualTo(4);
        assertThat(results.failed.subList(2, 5)).allSatisfy(r -> {
            assertThat(r.attempts()).isZero();
            assertThat(r.error()).contains("circuit breaker open", "hactl notify test --channel broken");
        });
    }

    @Test
    void closeReportsWhatCouldNotBeSent() throws Exception {
        Channel.Delivery slow = new Channel.Delivery(50, Duration.ofMillis(100), 1.0, Duration.ofMillis(100), 100,
                Duration.ofSeconds(60), 20);
        AlertDispatcher d = AlertDispatcher.start(List.of(new Channel("broken", "slack",
                new WebhookNotifier(failing.url(), WebhookNotifier.Format.SLACK, Duration.ofSeconds(1)), Severity.OK,
                slow)), results);
        d.submit(alert(1));
        d.submit(alert(2));
        await().atMost(Duration.ofSeconds(5)).until(() -> failing.attempts.get() >= 1);
        assertThat(d.close(Duration.ofMillis(300))).isFalse();
        assertThat(results.failed).extracting(DeliveryResult::error)
                .anySatisfy(e -> assertThat(e).contains("not sent: hactl stopped"));
    }

    private static Alert alert(int i) {
        return Alert.stateChange("pair1", Samples.T0.plusSeconds(i), null, ClusterState.DEGRADED, "alert " + i,
                List.of(), null);
    }
}
