package io.hactl.notify;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * Sends an alert as a plain-text email over SMTP (Jakarta Mail, Eclipse Angus). The subject
 * starts with the severity and the cluster ({@code [CRITICAL] pair1: MASTER_DOWN — failover
 * proposed}). The password is held as a char array and never shown: Jakarta Mail's debug output
 * (which would show the AUTH exchange) is never turned on, and server answers are scrubbed.
 */
public final class EmailNotifier implements Notifier {

    public enum Security {
        /** Plain SMTP (port 25, or a relay on localhost). */
        NONE,
        /** Plain connection upgraded with STARTTLS, which is required (port 587). */
        STARTTLS,
        /** TLS from the first byte (SMTPS, port 465). */
        TLS
    }

    /**
     * @param user     null for no authentication
     * @param password the user's password (read by the caller from a file or the environment); null when no user
     */
    public record Settings(String host, int port, Security security, String user, char[] password, String from,
                           List<String> recipients, Duration timeout) {
        public Settings {
            recipients = List.copyOf(recipients);
            password = password == null ? null : password.clone();
        }

        @Override
        public String toString() {
            return "smtp " + host + ":" + port + " " + security + (user == null ? "" : " user " + user + " (password hidden)")
                    + " from " + from + " to " + recipients;
        }
    }

    private final Settings settings;
    private final InternetAddress from;
    private final InternetAddress[] to;
    private final Session session;

    public EmailNotifier(Settings settings) {
        if (settings.recipients().isEmpty()) {
            throw new IllegalArgumentException("no recipients: give at least one address in to:");
        }
        if (settings.user() != null && settings.password() == null) {
            throw new IllegalArgumentException("SMTP user " + settings.user() + " has no password");
        }
        this.settings = settings;
        try {
            this.from = new InternetAddress(settings.from(), true);
            this.to = new InternetAddress[settings.recipients().size()];
            for (int i = 0; i < to.length; i++) {
                to[i] = new InternetAddress(settings.recipients().get(i), true);
            }
        } catch (AddressException e) {
            throw new IllegalArgumentException("not an email address: " + e.getRef() + " (" + e.getMessage() + ")");
        }
        this.session = Session.getInstance(properties(settings));
        this.session.setDebug(false);
    }

    static Properties properties(Settings s) {
        Properties p = new Properties();
        String proto = s.security() == Security.TLS ? "smtps" : "smtp";
        String ms = Long.toString(s.timeout().toMillis());
        p.put("mail.transport.protocol", proto);
        p.put("mail." + proto + ".host", s.host());
        p.put("mail." + proto + ".port", Integer.toString(s.port()));
        p.put("mail." + proto + ".connectiontimeout", ms);
        p.put("mail." + proto + ".timeout", ms);
        p.put("mail." + proto + ".writetimeout", ms);
        p.put("mail." + proto + ".auth", Boolean.toString(s.user() != null));
        if (s.security() == Security.STARTTLS) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        if (s.security() != Security.NONE) {
            p.put("mail." + proto + ".ssl.checkserveridentity", "true");
        }
        return p;
    }

    @Override
    public void send(Alert alert) throws NotifierException {
        String password = settings.password() == null ? null : new String(settings.password());
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(from);
            m.setRecipients(Message.RecipientType.TO, to);
            m.setSubject(alert.subject(), "UTF-8");
            m.setText(AlertText.plain(alert), "UTF-8");
            m.setSentDate(Date.from(alert.time()));
            m.setHeader("X-Hactl-Severity", alert.severityLabel());
            m.setHeader("X-Hactl-Cluster", alert.cluster());
            m.setHeader("X-Hactl-Kind", alert.kindName());
            try (Transport t = session.getTransport()) {
                if (settings.user() != null) {
                    t.connect(settings.host(), settings.port(), settings.user(), password);
                } else {
                    t.connect();
                }
                m.saveChanges();
                t.sendMessage(m, m.getAllRecipients());
            }
        } catch (AuthenticationFailedException e) {
            throw fail("the server refused the login of user " + settings.user() + " (" + e.getMessage()
                    + "): check the user and the password file", false, password);
        } catch (SendFailedException e) {
            throw fail("the server refused the message (" + e.getMessage() + "): check from: and to:"
                    + (e.getInvalidAddresses() == null ? "" : " " + Arrays.toString(e.getInvalidAddresses())),
                    false, password);
        } catch (MessagingException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String why = root == e ? e.getMessage() : e.getMessage() + ": " + root.getClass().getSimpleName() + " "
                    + root.getMessage();
            throw fail("cannot send (" + why + "): check host, port and security (none, starttls, tls)", true, password);
        } finally {
            password = null;
        }
    }

    private NotifierException fail(String what, boolean retryable, String password) {
        return new NotifierException(Redact.scrub("email via " + target() + ": " + what, password), retryable);
    }

    @Override
    public String target() {
        return "smtp " + settings.host() + ":" + settings.port() + " → " + String.join(", ", settings.recipients());
    }

    @Override
    public String toString() {
        return "EmailNotifier[" + settings + "]";
    }
}
