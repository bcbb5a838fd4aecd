package io.hactl.bench;

import jakarta.mail.internet.MimeUtility;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A bench-only SMTP sink on 127.0.0.1: speaks just enough SMTP for Jakarta Mail (220,
 * EHLO/HELO 250, MAIL/RCPT 250, DATA 354 ... "." 250, QUIT 221, anything else 250) and
 * records, per message, when its final "." arrived (System.nanoTime()) and its decoded
 * Subject. Not a mail server: nothing is relayed or stored. (GreenMail is a test dependency
 * only; the bench runs from the main jar.)
 */
final class SmtpSink implements AutoCloseable {

    /** One message: when its end of data arrived, and its subject (RFC 2047 decoded). */
    record Mail(long arrivedNanos, String subject) {
    }

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Mail> mails = new ArrayList<>();
    private final List<Socket> open = new ArrayList<>();
    private volatile boolean running = true;

    SmtpSink() throws IOException {
        server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "smtp-sink");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (running) {
            try {
                Socket s = server.accept();
                synchronized (open) {
                    open.add(s);
                }
                Thread t = new Thread(() -> session(s), "smtp-sink-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void session(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
             OutputStream out = s.getOutputStream()) {
            s.setSoTimeout(30_000);
            reply(out, "220 127.0.0.1 hactl bench SMTP sink");
            String line;
            while ((line = in.readLine()) != null) {
                String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
                switch (cmd) {
                    case "EHLO", "HELO" -> reply(out, "250 127.0.0.1");
                    case "DATA" -> {
                        reply(out, "354 end data with <CR><LF>.<CR><LF>");
                        String subject = readData(in);
                        synchronized (mails) {
                            mails.add(new Mail(System.nanoTime(), subject));
                        }
                        reply(out, "250 OK queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "250 OK"); // MAIL, RCPT, RSET, NOOP
                }
            }
        } catch (IOException e) {
            // the client went away, or close(): nothing to record
        } finally {
            synchronized (open) {
                open.remove(s);
            }
        }
    }

    /** Reads the message up to the lone "."; returns its Subject header (unfolded, decoded), or "". */
    private static String readData(BufferedReader in) throws IOException {
        StringBuilder subject = null;
        boolean headers = true;
        String done = null;
        String line;
        while ((line = in.readLine()) != null && !line.equals(".")) {
            if (!headers) {
                continue;
            }
            if (line.isEmpty()) {
                headers = false;
            } else if (subject != null && done == null && (line.startsWith(" ") || line.startsWith("\t"))) {
                subject.append(line); // a folded Subject continues
            } else if (subject != null && done == null) {
                done = subject.toString();
            } else if (subject == null && line.regionMatches(true, 0, "Subject:", 0, 8)) {
                subject = new StringBuilder(line.substring(8).strip());
            }
        }
        String raw = done != null ? done : subject == null ? "" : subject.toString();
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(raw));
        } catch (UnsupportedEncodingException e) {
            return raw;
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The first message whose end of data arrived at or after {@code fromNanos}. */
    Optional<Mail> firstAfter(long fromNanos) {
        synchronized (mails) {
            return mails.stream().filter(m -> m.arrivedNanos() >= fromNanos).findFirst();
        }
    }

    /** The first message at or after {@code fromNanos} whose subject starts with {@code prefix}. */
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
        running = false;
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        synchronized (open) {
            for (Socket s : open) {
                try {
                    s.close();
                } catch (IOException e) {
                    // already closed
                }
            }
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
