package io.hactl.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Against a real SMTP server (GreenMail) with a user that must log in. */
class EmailNotifierTest {

    static final String PASSWORD = "Sm7p-pa55word-xyz";

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("hactl@example.org", "hactl", PASSWORD))
            .withPerMethodLifecycle(true);

    static EmailNotifier notifier(String password, List<String> to) {
        return new EmailNotifier(new EmailNotifier.Settings("127.0.0.1", smtp.getSmtp().getPort(),
                EmailNotifier.Security.NONE, "hactl", password.toCharArray(), "hactl@example.org", to,
                Duration.ofSeconds(5)));
    }

    @Test
    void criticalAlertArrivesWithSubjectBodyAndRecipients() throws Exception {
        notifier(PASSWORD, List.of("oncall@example.org", "dba@example.org")).send(Samples.masterDown());
        MimeMessage[] got = smtp.getReceivedMessages();
        assertThat(got).hasSize(2); // one copy per recipient's mailbox
        MimeMessage m = got[0];
        assertThat(m.getSubject()).isEqualTo("[CRITICAL] pair1: MASTER_DOWN — failover proposed");
        assertThat(Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Object::toString))
                .containsExactly("oncall@example.org", "dba@example.org");
        assertThat(m.getFrom()[0].toString()).isEqualTo("hactl@example.org");
        assertThat(m.getHeader("X-Hactl-Severity")[0]).isEqualTo("CRITICAL");
        String body = GreenMailUtil.getBody(m).replace("\r\n", "\n");
        assertThat(m.getContentType()).startsWith("text/plain");
        assertThat(m.getContent().toString().replace("\r\n", "\n")).contains(
                "master n1 down: unreachable for 3 cycles and replica n2 confirms",
                "  - n1 SQL: connection refused since 19:02:03.120",
                "Confirm: hactl ack p-1a2b3c   (or POST /api/proposals/p-1a2b3c/ack)",
                "Time: 2025-03-04 19:02:04.512 UTC");
        assertThat(body).isNotEmpty();
    }

    @Test
    void aWrongPasswordIsRefusedNotRetriedAndNotShown() {
        String wrong = "Wr0ng-secret-guess";
        NotifierException e = catchThrowableOfType(
                () -> notifier(wrong, List.of("oncall@example.org")).send(Samples.masterDown()), NotifierException.class);
        assertThat(e.getMessage()).contains("refused the login of user hactl", "check the user and the password file");
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(PASSWORD);
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void settingsNeverShowThePassword() {
        EmailNotifier n = notifier(PASSWORD, List.of("oncall@example.org"));
        assertThat(n.toString() + n.target()).doesNotContain(PASSWORD).contains("password hidden");
    }

    @Test
    void aClosedPortIsARetryableFailure() {
        int port = smtp.getSmtp().getPort();
        smtp.stop();
        EmailNotifier n = new EmailNotifier(new EmailNotifier.Settings("127.0.0.1", port, EmailNotifier.Security.NONE,
                "hactl", PASSWORD.toCharArray(), "hactl@example.org", List.of("a@example.org"), Duration.ofSeconds(1)));
        NotifierException e = catchThrowableOfType(() -> n.send(Samples.masterDown()), NotifierException.class);
        assertThat(e.getMessage()).contains("cannot send", "127.0.0.1:" + port, "check host, port and security");
        assertThat(e.retryable()).isTrue();
    }
}
