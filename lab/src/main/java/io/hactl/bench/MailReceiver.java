package io.hactl.bench;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.FolderListener;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bench's mail server: GreenMail's SMTP on 127.0.0.1 (a free port) with one mailbox, the alert
 * channel's recipient {@link #RECIPIENT}. Records, per message, when GreenMail stored it
 * (System.nanoTime(), from its folder listener: the end of the SMTP DATA) and its Subject, decoded.
 * Nothing is relayed.
 */
final class MailReceiver implements AutoCloseable {

    /** The one mailbox: BenchConfig's email channel sends to it. */
    static final String RECIPIENT = "oncall@lab.invalid";

    /** One message: when it was stored, and its subject (RFC 2047 decoded). */
    record Mail(long arrivedNanos, String subject) {
    }

    private final GreenMail greenMail;
    private final List<Mail> mails = new ArrayList<>();

    MailReceiver() throws FolderException {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        GreenMailUser user = greenMail.setUser(RECIPIENT, RECIPIENT, "not-used");
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(user);
        inbox.addListener(new FolderListener() {
            @Override
            public void added(int msn) {
                long at = System.nanoTime();
                String subject;
                try {
                    subject = inbox.getMessages().get(msn - 1).getMimeMessage().getSubject();
                } catch (MessagingException e) {
                    subject = "(unreadable subject: " + e.getMessage() + ")";
                }
                synchronized (mails) {
                    mails.add(new Mail(at, subject == null ? "" : subject));
                }
            }

            @Override
            public void expunged(int msn) {
            }

            @Override
            public void flagsUpdated(int msn, Flags flags, Long uid) {
            }

            @Override
            public void mailboxDeleted() {
            }
        });
    }

    int port() {
        return greenMail.getSmtp().getPort();
    }

    /** The first message stored at or after {@code fromNanos}. */
    Optional<Mail> firstAfter(long fromNanos) {
        return firstAfter(fromNanos, "");
    }

    /** The first message stored at or after {@code fromNanos} whose subject starts with {@code prefix}. */
    Optional<Mail> firstAfter(long fromNanos, String prefix) {
        synchronized (mails) {
            return mails.stream().filter(m -> m.arrivedNanos() >= fromNanos && m.subject().startsWith(prefix)).findFirst();
        }
    }

    int count() {
        synchronized (mails) {
            return mails.size();
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
