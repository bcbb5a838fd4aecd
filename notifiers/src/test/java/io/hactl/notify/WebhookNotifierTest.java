package io.hactl.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP receiver on 127.0.0.1. */
class WebhookNotifierTest {

    Receiver receiver;

    @BeforeEach
    void start() throws IOException {
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private WebhookNotifier notifier(WebhookNotifier.Format f) {
        return new WebhookNotifier(receiver.url(), f, Duration.ofSeconds(2));
    }

    @Test
    void slackGetsTextWithMrkdwn() throws Exception {
        notifier(WebhookNotifier.Format.SLACK).send(Samples.masterDown());
        Receiver.Request r = receiver.requests.get(0);
        assertThat(r.path()).isEqualTo(Receiver.SECRET_PATH);
        assertThat(r.query()).isEqualTo(Receiver.SECRET_QUERY);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode j = r.json();
        assertThat(j.fieldNames()).toIterable().containsExactly("text");
        assertThat(j.get("text").asText()).startsWith("*[CRITICAL] pair1: MASTER_DOWN — failover proposed*")
                .contains("• n1 SQL: connection refused since 19:02:03.120", "`hactl ack p-1a2b3c`",
                        "`POST /api/proposals/p-1a2b3c/ack`");
    }

    @Test
    void teamsGetsAnAdaptiveCard() throws Exception {
        notifier(WebhookNotifier.Format.TEAMS).send(Samples.masterDown());
        JsonNode j = receiver.requests.get(0).json();
        assertThat(j.at("/attachments/0/contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat(j.at("/attachments/0/content/body/0/text").asText())
                .isEqualTo("[CRITICAL] pair1: MASTER_DOWN — failover proposed");
        assertThat(j.at("/attachments/0/content").toString()).contains("hactl ack p-1a2b3c", "n2 is 0 transactions behind");
    }

    @Test
    void genericGetsEveryField() throws Exception {
        notifier(WebhookNotifier.Format.GENERIC).send(Samples.masterDown());
        JsonNode j = receiver.requests.get(0).json();
        assertThat(j.get("severity").asText()).isEqualTo("critical");
        assertThat(j.get("to").asText()).isEqualTo("MASTER_DOWN");
        assertThat(j.at("/proposal/confirm_command").asText()).isEqualTo("hactl ack p-1a2b3c");
        assertThat(j.get("evidence").get(1).asText()).isEqualTo("n2 IO thread: not connected since 19:02:03.400");
    }

    @Test
    void aServerErrorFailsWithItsStatusAndIsRetryable() {
        receiver.status = 500;
        NotifierException e = catchThrowableOfType(() -> notifier(WebhookNotifier.Format.SLACK).send(Samples.masterDown()),
                NotifierException.class);
        assertThat(e.getMessage()).contains("HTTP 500", "receiver says no", "http://127.0.0.1:");
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).doesNotContain("T000SECRET", "XyZsecretTOKEN42", "QuerySecret99");
    }

    @Test
    void aRefusalIsNotRetriedAndNamesTheFix() {
        receiver.status = 404;
        NotifierException e = catchThrowableOfType(() -> notifier(WebhookNotifier.Format.SLACK).send(Samples.masterDown()),
                NotifierException.class);
        assertThat(e.getMessage()).contains("HTTP 404", "check the webhook URL");
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void aClosedPortFailsWithoutShowingTheSecret() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port + Receiver.SECRET_PATH + "?" + Receiver.SECRET_QUERY);
        WebhookNotifier n = new WebhookNotifier(url, WebhookNotifier.Format.GENERIC, Duration.ofSeconds(1));
        NotifierException e = catchThrowableOfType(() -> n.send(Samples.masterDown()), NotifierException.class);
        assertThat(e.getMessage()).contains("cannot post", "ConnectException", "127.0.0.1:" + port + "/…");
        assertThat(e.getMessage() + n + n.target()).doesNotContain("SECRET", "secretTOKEN", "QuerySecret");
        assertThat(e.getCause()).isNull();
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void redactedFormKeepsSchemeHostAndPortOnly() {
        assertThat(Redact.url(URI.create("https://hooks.slack.com/services/T0/B0/XYZ")))
                .isEqualTo("https://hooks.slack.com/…");
        assertThat(Redact.url(URI.create("https://chat.example:8443/hooks/abc?token=1")))
                .isEqualTo("https://chat.example:8443/…");
        assertThat(Redact.url(URI.create("https://h.example/"))).isEqualTo("https://h.example/");
    }

    @Test
    void onlyHttpUrlsAreTaken() {
        assertThatThrownBy(() -> new WebhookNotifier(URI.create("ftp://h.example/x"), WebhookNotifier.Format.SLACK,
                Duration.ofSeconds(1))).hasMessageContaining("https://");
    }
}
