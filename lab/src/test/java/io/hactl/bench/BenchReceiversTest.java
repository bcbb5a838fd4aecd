package io.hactl.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hactl.notify.Alert;
import io.hactl.notify.EmailNotifier;
import io.hactl.notify.NotifierException;
import io.hactl.notify.WebhookNotifier;
import io.hactl.state.ClusterState;
import io.hactl.state.Proposal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench's local receivers, fed by the real notifiers (Jakarta Mail, the JDK's HTTP client). */
class BenchReceiversTest {

    private static Alert masterDown() {
        Instant now = Instant.parse("2026-12-01T20:00:00Z");
        Proposal p = new Proposal("p-1a2b3c", Proposal.Kind.FAILOVER, "n2", "n1", "promote n2 to master; fence n1",
                "master n1 down", List.of("n1 SQL: connection refused"), "n2 is 0 transactions behind", now,
                now.plusSeconds(900), null, Proposal.Status.PENDING, null, null, null);
        return Alert.stateChange("pair1", now, ClusterState.ACTIVE_SYNCED, ClusterState.MASTER_DOWN,
                "master n1 down", List.of("n1 SQL: connection refused"), p);
    }

    @Test
    void mailReceiverRecordsWhenEachMailArrivedAndItsDecodedSubject() throws Exception {
        try (MailReceiver receiver = new MailReceiver()) {
            long before = System.nanoTime();
            EmailNotifier mail = new EmailNotifier(new EmailNotifier.Settings("127.0.0.1", receiver.port(),
                    EmailNotifier.Security.NONE, null, null, "hactl@lab.invalid", List.of(MailReceiver.RECIPIENT),
                    Duration.ofSeconds(5)));
            Alert a = masterDown();
            mail.send(a);
            long between = System.nanoTime();
            mail.send(a);
            long after = System.nanoTime();
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.count() == 2);
            MailReceiver.Mail m = receiver.firstAfter(before, "[CRITICAL]").orElseThrow();
            // the em dash makes Jakarta Mail encode the subject (RFC 2047): it is read back decoded
            assertThat(m.subject()).isEqualTo(a.subject()).startsWith("[CRITICAL] pair1: MASTER_DOWN — failover");
            assertThat(m.arrivedNanos()).isBetween(before, between);
            assertThat(receiver.firstAfter(between).orElseThrow().arrivedNanos()).isBetween(between, after);
            assertThat(receiver.firstAfter(System.nanoTime())).isEmpty();
            assertThat(receiver.firstAfter(before, "[INFO]")).isEmpty();
        }
    }

    @Test
    void chatReceiverAcceptsSlackPostsOnItsSecretPathOnly() throws Exception {
        try (ChatReceiver chat = new ChatReceiver()) {
            long before = System.nanoTime();
            new WebhookNotifier(URI.create(chat.url()), WebhookNotifier.Format.SLACK, Duration.ofSeconds(5))
                    .send(masterDown());
            ChatReceiver.Message m = chat.firstAfter(before, "[CRITICAL]").orElseThrow();
            assertThat(m.body()).startsWith("{\"text\":").contains("MASTER_DOWN");
            WebhookNotifier wrong = new WebhookNotifier(URI.create("http://127.0.0.1:" + chat.port()
                    + "/services/TBENCH/BBENCH/wrong"), WebhookNotifier.Format.SLACK, Duration.ofSeconds(5));
            assertThatThrownBy(() -> wrong.send(masterDown())).isInstanceOf(NotifierException.class)
                    .hasMessageContaining("404");
            assertThat(chat.count()).isEqualTo(1);
        }
    }
}
